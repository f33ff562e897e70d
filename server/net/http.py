"""Plain HTTP on the websocket port: `/health`, `/metrics` (net/metrics.py), `/live`
(net/live.py), the visitor's status page (`/t/...`), the visitor's booking page (`/a/...`),
the page for joining the queue from home (`/join`) and the booking API (`/api/...`).

GETs and HEADs reach websockets' `process_request` (`make_router`; HEAD: the same status and
headers, no body). Requests of other methods, and every request for /api/, never reach
websockets: they are read by server/net/http_body.py and answered by `make_body_router`,
which serves the API, the booking page's cancel form, the phone page's rating and "give up
my place" forms and the /join form, and gives anything else 405 with `Allow`, so a probe that
POSTs is told it is wrong instead of getting a page.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from server.net import api_replies
from server.net.doorman import address_of
from server.net.http_body import Handler, HttpRequest, HttpResponse, Refusal
from server.net.place_form import TARGET as PLACE_TARGET
from server.net.rating_form import TARGET as RATING_TARGET
from server.protocol.codec import excerpt

WS_PATH = "/ws"
JOIN = "/join"
# A form's body refused unread: no Content-Length (411), or past the body bound (413).
BODY_REFUSALS = (HTTPStatus.LENGTH_REQUIRED, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
ALLOWED_METHODS = "GET, HEAD"


def json_response(status: HTTPStatus, body: dict[str, Any]) -> Response:
    data = json.dumps(body).encode()
    headers = Headers(
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(status.value, status.phrase, headers, data)


def _text(status: HTTPStatus, text: str, *extra: tuple[str, str]) -> Response:
    data = text.encode()
    headers = Headers(
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Connection", "close"),
            *extra,
        ]
    )
    return Response(status.value, status.phrase, headers, data)


def make_router(
    health: Callable[[], Awaitable[dict[str, Any]]],
    status_page: Callable[[Request], Response] | None = None,
    booking_page: Callable[[str, str, str | None], HttpResponse] | None = None,
    metrics: Callable[[str, Request], Awaitable[Response]] | None = None,
    live: Callable[[str, Request], Awaitable[Response]] | None = None,
    join_page: Callable[[str, str, str | None], HttpResponse] | None = None,
) -> Callable[[ServerConnection, Request], Awaitable[Response | None]]:
    async def route(connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if request.method not in ("GET", "HEAD"):
            return _text(
                HTTPStatus.METHOD_NOT_ALLOWED,
                f"{excerpt(request.method)} is not served here: use GET.\n",
                ("Allow", ALLOWED_METHODS),
            )
        response = await _answer(path, request, connection)
        if response is None:
            return None
        if request.method == "HEAD":
            # The headers GET would send (Content-Length included), without the body.
            return Response(response.status_code, response.reason_phrase, response.headers, b"")
        return response

    async def _answer(path: str, request: Request, connection: ServerConnection) -> Response | None:
        if path == WS_PATH:
            return None  # go on with the websocket handshake
        if path == "/health":
            body = await health()
            ok = body["status"] == "ok"
            return json_response(HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE, body)
        if path == "/metrics" and metrics is not None:
            # Who asks matters here (net/metrics.py: loopback or a manager's token).
            return await metrics(address_of(connection), request)
        if path == "/live" and live is not None:
            # Who asks matters here too (net/live.py: as /metrics, and a token sent is checked).
            return await live(address_of(connection), request)
        if path.startswith("/t/") and status_page is not None:
            return status_page(request)  # the visitor's phone page (net/status_page.py)
        if path.startswith("/a/") and booking_page is not None:
            # The visitor's booking page (net/booking_page.py).
            query = request.path.partition("?")[2]
            return as_response(booking_page(path, query, request.headers.get("Accept-Language")))
        if (path == JOIN or path.startswith(f"{JOIN}/")) and join_page is not None:
            # The public page for joining from home (net/join_page.py).
            query = request.path.partition("?")[2]
            return as_response(join_page(path, query, request.headers.get("Accept-Language")))
        return _text(HTTPStatus.NOT_FOUND, f"Nothing at {excerpt(path)}. Websocket: {WS_PATH}\n")

    return route


def as_response(answer: HttpResponse) -> Response:
    """An answer built for either way in, as websockets sends it."""
    headers = Headers(
        [
            ("Content-Type", answer.content_type),
            ("Content-Length", str(len(answer.body))),
            *answer.headers,
        ]
    )
    return Response(answer.status.value, answer.status.phrase, headers, answer.body)


def make_body_router(
    api: Handler,
    cancel_page: Handler,
    rating_page: Handler,
    join_page: Handler | None = None,
    place_form: Handler | None = None,
) -> Handler:
    """The answer to a request diverted from websockets (net/http_body.py)."""

    async def route(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return await api(request)
        if request.path == JOIN and request.method == "POST" and join_page is not None:
            return await join_page(request)  # joining from home (net/join_page.py)
        if request.path.startswith("/a/") and request.method == "POST":
            return await cancel_page(request)
        if place_form is not None and request.method == "POST" and PLACE_TARGET.match(request.path):
            return await place_form(request)  # giving up a place (net/place_form.py)
        if request.path.startswith("/t/") and request.method == "POST":
            return await rating_page(request)  # the phone page's rating (net/rating_form.py)
        # A ticket's page also takes its rating form; /join its form.
        takes_form = RATING_TARGET.match(request.path) or request.path == JOIN
        allowed = "GET, HEAD, POST" if takes_form else ALLOWED_METHODS
        return HttpResponse(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{excerpt(request.method)} is not served here: use {allowed}.\n".encode(),
            "text/plain; charset=utf-8",
            (("Allow", allowed),),
        )

    return route


def refusal(path: str, status: HTTPStatus, message: str) -> HttpResponse:
    """A diverted request refused before it was routed: JSON for the API, text elsewhere."""
    if path.startswith("/api/"):
        return api_replies.refusal(status, message)
    return HttpResponse(status, f"{message}\n".encode(), "text/plain; charset=utf-8")


def make_refusal(
    form_too_large: Callable[[HttpRequest], HttpResponse],
    join_refused: Callable[[HttpRequest, HTTPStatus], HttpResponse] | None = None,
) -> Refusal:
    """`refusal`, but a phone page's rating form past the body bound gets a page in the
    visitor's language (net/rating_form.py), like every other refusal of that form; so does
    the /join form past the bound or without a Content-Length (net/join_page.py)."""

    def refuse(request: HttpRequest, status: HTTPStatus, message: str) -> HttpResponse:
        if request.method == "POST":
            if status is HTTPStatus.REQUEST_ENTITY_TOO_LARGE and RATING_TARGET.match(request.path):
                return form_too_large(request)
            if join_refused is not None and request.path == JOIN and status in BODY_REFUSALS:
                return join_refused(request, status)
        return refusal(request.path, status, message)

    return refuse
