"""Plain HTTP on the websocket port: `/health` and the visitor's status page (`/t/...`)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

WS_PATH = "/ws"


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


def make_router(
    health: Callable[[], Awaitable[dict[str, Any]]],
    status_page: Callable[[Request], Response] | None = None,
) -> Callable[[ServerConnection, Request], Awaitable[Response | None]]:
    async def route(connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if path == WS_PATH:
            return None  # go on with the websocket handshake
        if path == "/health":
            body = await health()
            ok = body["status"] == "ok"
            return json_response(HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE, body)
        if path.startswith("/t/") and status_page is not None:
            return status_page(request)  # the visitor's phone page (net/status_page.py)
        return connection.respond(
            HTTPStatus.NOT_FOUND, f"Nothing at {path}. Websocket: {WS_PATH}\n"
        )

    return route
