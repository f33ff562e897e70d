"""The reconnecting websocket client every Rinda app uses (kiosk, display, counter, tests).

One `Client` owns one link to the server. `run()` loops forever: connect, send the hello,
wait for the `welcome`, hand its snapshot to `on_welcome` (the app redraws from scratch),
re-send every request still waiting for its answer (same id, so the server answers it once),
then read frames: answers (`"re"`) resolve `request()` calls, everything else goes to
`on_event`. When the link drops it reports `offline`, waits a capped, fully jittered backoff
and starts again. Only a hello refused as `unauthorized` / `forbidden` ends `run()`
(`ClientRefused`): retrying with a bad token forever helps nobody.

Choices worth knowing:

- Every other failure is retried, including HTTP-level handshake errors (a 404 or 503 while
  the server restarts) and hello errors with other codes (say `rate_limited`): an unattended
  kiosk must come back on its own. The first failure of a streak is logged at WARNING, the
  repeats at DEBUG, so a long outage does not flood the log.
- `request_timeout` bounds a whole `request()` call (queued while offline + sent + answered),
  and also the wait for the `welcome` after connecting and the opening handshake. A request
  that times out is forgotten; the app may retry it with the same `id=` to stay idempotent.
- Callbacks run on the reader task, in frame order; keep them short (post a Textual message).
  A callback that raises is logged and the link carries on.
- `close()` is final: pending and later requests raise `ClientClosed`, `run()` returns.
  Cancelling `run()` (a Textual worker being cancelled) closes the socket and re-raises;
  pending requests stay queued for a later `run()`.
- The hello frame carries the token: it is never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import logging
import secrets
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Literal, Self, TypeVar, overload

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.uri import parse_uri

from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol import server_frames

# Re-exported: the apps import the client's errors from here.
from server.protocol.errors import ClientClosed as ClientClosed
from server.protocol.errors import ClientError as ClientError
from server.protocol.errors import ClientRefused as ClientRefused
from server.protocol.errors import RequestError as RequestError
from server.protocol.errors import RequestTimeout as RequestTimeout
from server.protocol.errors import backoff_delay
from server.protocol.handshake import HelloRejected, say_hello
from server.protocol.pending import Pending
from server.protocol.server_frames import Pushed
from server.protocol.welcome import AnySnapshot, Welcome

logger = logging.getLogger("rinda.client")

State = Literal["connecting", "online", "offline"]
_T = TypeVar("_T")
_Callback = Callable[[_T], Awaitable[None] | None]

CLOSE_TIMEOUT = 2.0
"""Seconds to wait for the closing handshake; a dead server must not hold up shutdown."""


class _Stop(Exception):
    """close() was called from inside a callback: unwind run() quietly."""


class Client:
    """A reconnecting protocol client; see the module docstring."""

    def __init__(
        self,
        url: str,
        hello: m.Hello,
        *,
        on_welcome: _Callback[AnySnapshot] | None = None,
        on_event: _Callback[Pushed] | None = None,
        on_state: _Callback[str] | None = None,
        backoff_initial: float = 0.2,
        # A centre's devices must be back within a few seconds of the server; jitter still
        # spreads a room of them over that window.
        backoff_max: float = 2.0,
        request_timeout: float = 10.0,
        max_size: int = 2**20,
    ) -> None:
        parse_uri(url)  # a malformed URL fails here, not on every retry
        if not 0 < backoff_initial <= backoff_max:
            raise ValueError("need 0 < backoff_initial <= backoff_max")
        if request_timeout <= 0:
            raise ValueError("request_timeout must be positive")
        self.url = url
        self.hello = hello
        self.on_welcome = on_welcome
        self.on_event = on_event
        self.on_state = on_state
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.request_timeout = request_timeout
        self.max_size = max_size
        self._id_prefix = secrets.token_hex(4)
        self._id_counter = itertools.count(1)
        self._pending: dict[str, Pending] = {}
        self._ws: ClientConnection | None = None  # set from the welcome until the drop
        self._conn_no = 0  # connections attempted so far
        self._welcomed_conn_no = 0  # the last connection that got a welcome
        self._attempt = 0  # failures since the last welcome
        self._state: State = "offline"
        self._waiters: set[asyncio.Future[None]] = set()
        self._run_task: asyncio.Task[None] | None = None
        self._owned_task: asyncio.Task[None] | None = None  # started by `async with`
        self._closed = False
        self._cancelled_by_close = False
        self._refused: ClientRefused | None = None

    # -- public API ---------------------------------------------------------------------

    @property
    def online(self) -> bool:
        """True from the welcome (and the re-sends after it) until the link drops."""
        return self._state == "online"

    @property
    def state(self) -> State:
        return self._state

    async def run(self) -> None:
        """Keep the link up until `close()`; raise `ClientRefused` if the hello is refused."""
        if self._closed:
            raise ClientClosed("the client is closed")
        if self._run_task is not None:
            raise RuntimeError("run() is already running")
        task = asyncio.current_task()
        assert task is not None
        self._run_task = task
        self._refused = None
        try:
            await self._loop()
        except _Stop:
            pass
        except ClientRefused as exc:
            logger.error("%s refused the %s hello: %s", self.url, self._role, exc)
            self._refused = exc
            self._fail_pending(exc.copy)
            raise
        except asyncio.CancelledError:
            if self._cancelled_by_close and task.uncancel() == 0:
                return
            raise
        finally:
            self._run_task = None
            self._ws = None
            if self._state == "online":
                logger.info("closed the link to %s", self.url)
            with contextlib.suppress(_Stop):
                await self._set_state("offline")
            self._notify()

    def new_id(self) -> str:
        """A request id this client has not used (unique per device, as the server needs)."""
        return f"{self._id_prefix}-{next(self._id_counter)}"

    @overload
    async def request(self, req: m.TakeTicket | m.CheckIn) -> r.TicketIssued: ...
    @overload
    async def request(self, req: m.FreeSlots) -> r.SlotList: ...
    @overload
    async def request(self, req: m.BookingRequest) -> r.BookingReply: ...
    @overload
    async def request(self, req: m.Bookings) -> r.BookingList: ...
    @overload
    async def request(self, req: m.TicketRequest) -> r.TicketReply: ...
    @overload
    async def request(self, req: m.SignIn) -> r.SignedIn: ...
    @overload
    async def request(self, req: m.ReportRequest) -> r.ReportReply: ...
    @overload
    async def request(self, req: m.Rate) -> r.Rated: ...
    @overload
    async def request(self, req: m.PlainRequest | m.ManagerAction) -> r.Ok: ...
    async def request(self, req: m.AnyRequest) -> r.Ok:
        """Send a request and return its typed `ok` reply; raise `RequestError` on an `error`.

        Queued while offline and re-sent with the same id after every reconnect, all within
        `request_timeout` (else `RequestTimeout`). Re-use a request's id (`new_id()`) to make
        an app-level retry idempotent; a call with the id of a request still pending shares
        its answer.
        """
        self._raise_if_finished()
        rid = req.id
        type_ = req.__struct_config__.tag
        pending = self._pending.get(rid)
        if pending is None:
            data = msgspec.json.encode(req)
            pending = self._pending[rid] = Pending(data, r.REPLY_TO[type(req)])
        fut: asyncio.Future[r.Ok] = asyncio.get_running_loop().create_future()
        pending.futures.append(fut)
        try:
            async with asyncio.timeout(self.request_timeout) as deadline:
                await self._send(pending)
                return await fut
        except TimeoutError:
            if deadline.expired():
                raise RequestTimeout(
                    f"no answer to {type_!r} (id {rid}) within {self.request_timeout:g} s"
                ) from None
            raise
        finally:
            pending.futures.remove(fut)
            if not pending.futures and self._pending.get(rid) is pending:
                del self._pending[rid]

    async def wait_online(self, timeout: float | None = None) -> None:
        """Return once online; `TimeoutError` after `timeout` seconds (None: no limit).

        Raises `ClientRefused` / `ClientClosed` if the client will never be online.
        """
        async with asyncio.timeout(timeout):
            while not self.online:
                self._raise_if_finished()
                waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._waiters.add(waiter)
                try:
                    await waiter
                finally:
                    self._waiters.discard(waiter)

    async def close(self) -> None:
        """Stop for good: close the socket, end `run()`, fail pending requests."""
        if not self._closed:
            self._closed = True
            self._fail_pending(lambda: ClientClosed("the client was closed"))
            self._notify()
        task = self._run_task or self._owned_task
        if task is not None and not task.done() and task is not asyncio.current_task():
            # (From a callback inside run(), _Stop unwinds it once the callback returns.)
            if not self._cancelled_by_close:
                self._cancelled_by_close = True
                task.cancel()
            await asyncio.wait({task})
        owned = self._owned_task
        if owned is not None and owned.done() and not owned.cancelled():
            owned.exception()  # retrieved: a late refusal was already raised to requests

    async def __aenter__(self) -> Self:
        """Start `run()` in a task and wait for the first welcome."""
        if self._owned_task is not None:
            raise RuntimeError("the client is already started")
        owned = self._owned_task = asyncio.create_task(self.run(), name=f"rinda {self.url}")
        waiter = asyncio.create_task(self.wait_online())
        try:
            done, _ = await asyncio.wait({owned, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if waiter in done:
                waiter.result()
            else:
                owned.result()
                raise ClientClosed("the client was closed while connecting")
        except BaseException:
            waiter.cancel()
            await self.close()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- the connection loop ------------------------------------------------------------

    @property
    def _role(self) -> str:
        return self.hello.role

    async def _loop(self) -> None:
        while True:
            self._check_closed()
            try:
                await self._session()
                reason = "closed by the server"
            except (OSError, TimeoutError, WebSocketException, HelloRejected) as exc:
                reason = str(exc) or type(exc).__name__
            self._check_closed()
            delay = backoff_delay(self._attempt, self.backoff_initial, self.backoff_max)
            if self._welcomed_conn_no == self._conn_no:
                logger.info("disconnected from %s (%s); reconnecting", self.url, reason)
            else:
                logger.log(
                    logging.WARNING if self._attempt == 0 else logging.DEBUG,
                    "cannot connect to %s (%s); retrying in %.2f s",
                    self.url,
                    reason,
                    delay,
                )
            self._attempt += 1
            await self._set_state("offline")
            await asyncio.sleep(delay)

    async def _session(self) -> None:
        """One connection, from connect to drop; returns when the server closes it."""
        self._conn_no += 1
        await self._set_state("connecting")
        ws = await connect(
            self.url,
            max_size=self.max_size,
            open_timeout=self.request_timeout,
            close_timeout=CLOSE_TIMEOUT,
        )
        try:
            snapshot = await say_hello(ws, self.hello, self.request_timeout)
            self._attempt = 0
            self._welcomed_conn_no = self._conn_no
            logger.info("connected to %s as %s", self.url, self._role)
            await self._call(self.on_welcome, snapshot)
            self._ws = ws
            for pending in list(self._pending.values()):
                await self._send(pending)
            await self._set_state("online")
            async for raw in ws:
                frame = server_frames.read(raw)
                if frame is not None:
                    await self._dispatch(frame, raw)
        finally:
            self._ws = None
            await ws.close()

    async def _dispatch(self, frame: server_frames.ServerMessage, raw: str | bytes) -> None:
        if isinstance(frame, Welcome):
            logger.debug("ignoring a second welcome")
            return
        if not isinstance(frame, r.Ok | r.Error):
            await self._call(self.on_event, frame)
            return
        pending = self._pending.pop(frame.re, None) if frame.re is not None else None
        if pending is None:
            logger.debug("ignoring an answer to unknown request %r", frame.re)
            return
        pending.settle(frame, raw)

    async def _send(self, pending: Pending) -> None:
        """Send a pending request once per connection, if online; else it waits its turn."""
        ws = self._ws
        if ws is None or pending.sent_on == self._conn_no:
            return
        pending.sent_on = self._conn_no
        # On a drop the reader notices, and the request goes again after the next welcome.
        with contextlib.suppress(WebSocketException):
            await ws.send(pending.data, text=True)

    # -- helpers ------------------------------------------------------------------------

    async def _call(self, callback: _Callback[_T] | None, arg: _T) -> None:
        if callback is not None:
            try:
                result = callback(arg)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("client callback %r failed", callback)
        self._check_closed()

    async def _set_state(self, state: State) -> None:
        if state != self._state:
            self._state = state
            self._notify()
            await self._call(self.on_state, state)
        self._check_closed()

    def _check_closed(self) -> None:
        if self._closed:
            raise _Stop

    def _raise_if_finished(self) -> None:
        if self._closed:
            raise ClientClosed("the client is closed")
        if self._refused is not None:
            raise self._refused.copy()

    def _notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)

    def _fail_pending(self, make_exc: Callable[[], BaseException]) -> None:
        for pending in self._pending.values():
            pending.fail(make_exc)
        self._pending.clear()
