"""HTTP requests with a body, on the websocket port: read here, since websockets cannot.

websockets' `process_request` sees only a request's line and headers, so a request that
carries a body (the booking API's POST/PATCH/DELETE, the booking page's cancel form) is taken
away from websockets before it parses anything: the door's connection class
(server/net/doorman.py) holds the first bytes until the request line is complete, asks
`diverts` whether it is ours, and if so feeds every byte to an `Exchange` instead.

An exchange is one request per connection (`Connection: close`), parsed by h11 (a parser
that does no I/O of its own) and bounded everywhere: HEAD_BYTES for the request line and
headers (431 past it), BODY_BYTES for the body (413, answered from Content-Length before a
byte of the body is read), a Content-Length on every POST/PUT/PATCH (411; chunked bodies are
not taken), and one deadline for the whole request (408). Nothing of the request is logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus

import h11

from server import __version__

log = logging.getLogger("rinda.http")

HEAD_BYTES = 8 * 1024
BODY_BYTES = 16 * 1024
# Methods that must say how long their body is.
WITH_BODY = (b"POST", b"PUT", b"PATCH")


def diverts(head: bytes) -> bool | None:
    """Whether a connection whose first bytes are `head` is an exchange (True) or goes on to
    websockets (False); None while its request line is not complete yet."""
    line, found, _rest = head.lstrip(b"\r\n").partition(b"\n")
    if not found:
        # A request line longer than the whole head is not ours: websockets refuses it.
        return False if len(head) >= HEAD_BYTES else None
    parts = line.split(b" ")
    if len(parts) != 3:
        return False
    method, target, _version = parts
    return method not in (b"GET", b"HEAD") or target.startswith(b"/api/")


def _path_of(head: bytes) -> str:
    """The path of a head's request line (checked by `diverts`), to answer even a request
    h11 refuses in the form its path expects (JSON under /api/)."""
    parts = head.lstrip(b"\r\n").partition(b"\n")[0].split(b" ")
    return parts[1].partition(b"?")[0].decode("latin-1") if len(parts) == 3 else ""


def _address(transport: asyncio.Transport) -> str:
    peer = transport.get_extra_info("peername")
    return str(peer[0]) if isinstance(peer, tuple) and peer else ""


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    query: str
    # Header names in lower case; a repeated header keeps its last value.
    headers: dict[str, str]
    body: bytes
    # The client's address as the socket sees it ("" when unknown).
    address: str = ""


@dataclass(frozen=True)
class HttpResponse:
    status: HTTPStatus
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


Handler = Callable[[HttpRequest], Awaitable[HttpResponse]]
# The answer to a request refused before it reached the handler: (what is known of the
# request, status, message). Its body is never there; its query and headers only once the
# head was read (so a page can answer in the visitor's language).
Refusal = Callable[[HttpRequest, HTTPStatus, str], HttpResponse]


def encode_response(response: HttpResponse, head_only: bool) -> bytes:
    lines = [
        f"HTTP/1.1 {response.status.value} {response.status.phrase}",
        f"Content-Type: {response.content_type}",
        f"Content-Length: {len(response.body)}",
        "Connection: close",
        f"Server: Rinda/{__version__}",
        *(f"{name}: {value}" for name, value in response.headers),
    ]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head if head_only else head + response.body


@dataclass
class Exchange:
    """One request read from a diverted connection and answered on it."""

    transport: asyncio.Transport
    handler: Handler
    refuse: Refusal
    timeout_s: float
    parser: h11.Connection = field(
        default_factory=lambda: h11.Connection(h11.SERVER, max_incomplete_event_size=HEAD_BYTES)
    )
    request: h11.Request | None = None
    body: bytearray = field(default_factory=bytearray)
    answered: bool = False
    task: asyncio.Task[None] | None = None
    path: str | None = None
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.deadline = loop.call_later(self.timeout_s, self._too_slow)

    def feed(self, data: bytes) -> None:
        if self.answered or self.task is not None:
            return  # bytes past the one request are not read
        if self.path is None:
            self.path = _path_of(data)
        self.parser.receive_data(data)
        self._advance()

    def eof(self) -> None:
        if not self.answered and self.task is None:
            self.feed(b"")

    def lost(self) -> None:
        self.deadline.cancel()
        self.answered = True

    def _advance(self) -> None:
        try:
            while True:
                event = self.parser.next_event()
                if event is h11.NEED_DATA:
                    return
                if isinstance(event, h11.Request):
                    if not self._admit(event):
                        return
                elif isinstance(event, h11.Data):
                    self.body += event.data
                elif isinstance(event, h11.EndOfMessage):
                    self._handle()
                    return
                else:  # the client closed before its request was complete
                    self._close()
                    return
        except h11.RemoteProtocolError as e:
            # 400, or 431 for a head past HEAD_BYTES.
            self._refuse(HTTPStatus(e.error_status_hint), "The request is not valid HTTP/1.1.")

    def _admit(self, request: h11.Request) -> bool:
        """Check the request's head; False (and answered) if it is refused."""
        self.request = request
        # h11 bounds only a head that arrives in pieces; one that came whole is measured here.
        size = len(request.method) + len(request.target) + 12
        size += sum(len(k) + len(v) + 4 for k, v in request.headers.raw_items())
        if size > HEAD_BYTES:
            self._refuse(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request head is too large."
            )
            return False
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in request.headers}
        self.headers = headers
        self.query = request.target.decode("latin-1").partition("?")[2]
        if "transfer-encoding" in headers or (
            request.method in WITH_BODY and "content-length" not in headers
        ):
            self._refuse(HTTPStatus.LENGTH_REQUIRED, "Send the body with a Content-Length.")
            return False
        # h11 has checked that it is a number.
        if int(headers.get("content-length", "0")) > BODY_BYTES:
            self._refuse(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"A body may have at most {BODY_BYTES} bytes."
            )
            return False
        return True

    def _handle(self) -> None:
        assert self.request is not None
        self.deadline.cancel()
        target = self.request.target.decode("latin-1")
        path, _, query = target.partition("?")
        request = HttpRequest(
            method=self.request.method.decode("latin-1"),
            path=path,
            query=query,
            headers={
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in self.request.headers
            },
            body=bytes(self.body),
            address=_address(self.transport),
        )
        self.task = asyncio.create_task(self._answer(request))

    async def _answer(self, request: HttpRequest) -> None:
        try:
            response = await self.handler(request)
        except Exception:
            log.exception("answering an HTTP request failed")
            response = self.refuse(
                request, HTTPStatus.INTERNAL_SERVER_ERROR, "The server failed; try again."
            )
        self._send(response, head_only=request.method == "HEAD")

    def _too_slow(self) -> None:
        if self.task is None:
            self._refuse(
                HTTPStatus.REQUEST_TIMEOUT, f"Send the request within {self.timeout_s:g} s."
            )

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        method = self.request.method.decode("latin-1") if self.request is not None else ""
        known = HttpRequest(method, self.path or "", self.query, self.headers, b"")
        self._send(self.refuse(known, status, message), head_only=False)

    def _send(self, response: HttpResponse, head_only: bool) -> None:
        if self.answered:
            return
        self.answered = True
        self.deadline.cancel()
        if not self.transport.is_closing():
            self.transport.write(encode_response(response, head_only))
        self._close()

    def _close(self) -> None:
        self.answered = True
        self.deadline.cancel()
        # close(), not abort(): what was written is still sent, then the socket closes.
        self.transport.close()
