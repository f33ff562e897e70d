"""The server process: rebuild state from the log, accept connections, route frames.

One handler task per connection decodes and authorises frames; every state change goes
through the single `Owner`; events fan out through the `Hub` after commit.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from ssl import SSLContext
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.protocol import State

from server import __version__
from server.config import CentreConfig
from server.core.centre import Centre
from server.net import frames
from server.net.admin_inbox import AdminInbox
from server.net.auth import AuthError, Session, a_role, authenticate
from server.net.chores import Chores
from server.net.doorman import Doorman, address_of, door_limits, guarded_connection
from server.net.health import Health
from server.net.http_side import http_side
from server.net.hub import Hub
from server.net.logbudget import LogBudget, connection_logger
from server.net.metrics import FloorCollector, MetricsPage
from server.net.notifier import notifier_for
from server.net.owner import Owner
from server.net.ratelimit import Bucket, RateLimiter
from server.net.replies import Answer
from server.net.requests import RequestRouter
from server.net.status_page import StatusPages
from server.net.summaries import SummaryKeeper
from server.protocol.codec import FrameError, decode, encode
from server.protocol.codes import ErrorCode
from server.protocol.messages import ALLOWED, Hello, TakeTicket
from server.protocol.replies import error_frame
from server.protocol.views import ServerFrame
from server.protocol.welcome import PhoneSnapshot, Welcome
from server.store.backup import DatabaseLock
from server.store.events import EventStore
from server.store.tokens import note_seen, token_hashes

log = logging.getLogger("rinda.server")
# How long a closing connection waits for the peer's own close frame.
CLOSE_TIMEOUT_S = 2.0

TICK_S = 10.0
# How often the tokens of connected devices are marked seen (`rinda token list`).
SEEN_S = 60.0
# How often the server looks whether another process (`rinda token revoke`, `rinda clerk
# add`) changed the database: a revoked device is cut off within this long.
WATCH_S = 1.0
# Refused frames a connection may send: before hello only a few (a real client sends one
# hello and nothing else), after it a burst that refills (a real client makes a mistake now
# and then); past them the connection is closed.
REFUSALS_BEFORE_HELLO = 3
STRIKE_BURST = 30
STRIKES_PER_S = 2.0
TOO_MANY_REFUSALS = "Too many refused frames: closing this connection."
TOKEN_REVOKED = "This device's token was revoked: ask for a new one (rinda token add)."
TOO_MANY_REQUESTS = "Too many requests from this device: wait a moment, then send it again."


def utc_now() -> datetime:
    return datetime.now(UTC)


class RindaServer:
    def __init__(
        self,
        config: CentreConfig,
        db_path: Path,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.config = config
        self.db_path = db_path
        self.clock = clock
        lim = config.limits
        self.limiter = RateLimiter(lim.kiosk_burst, lim.kiosk_per_minute)
        self.requests = RateLimiter(lim.request_burst, lim.requests_per_second * 60)
        self.refusals = LogBudget(log)
        self.doorman = Doorman(door_limits(lim), self.refusals)
        self.hub = Hub(self.doorman.writable)
        self.sessions: dict[ServerConnection, Session] = {}
        self._closing: set[asyncio.Task[None]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._server: Server | None = None
        self._lock = DatabaseLock(db_path)
        # Tokens that said hello since they were last marked seen.
        self._seen: set[str] = set()

    async def start(
        self, host: str = "127.0.0.1", port: int = 0, ssl: SSLContext | None = None
    ) -> int:
        """Load the log and listen (TLS if `ssl` is given); returns the bound port."""
        # Held until close(): `rinda restore` refuses while a server runs, and a second
        # server on the same file refuses to start instead of failing at its first ticket.
        self._lock.acquire()
        try:
            self.store = await EventStore.open(self.db_path)
        except BaseException:
            self._lock.release()
            raise
        state, snap_seq, events = await self.store.load()
        centre = Centre(self.config, state)
        for e in events:
            centre.apply(e)
        self.owner = Owner(
            centre,
            self.store,
            self.hub,
            self.clock,
            seq=snap_seq + len(events),
            snapshot_seq=snap_seq,
        )
        await self.owner.replies.load(self.clock())
        self.notifier = await notifier_for(self.config, self.owner)
        self.router = RequestRouter(self.config, self.owner, self.store, self.limiter)
        self.inbox = AdminInbox(self.router.desk, self.store)
        self.chores = Chores(self.config, self.owner, self.router, self.store, self.clock)
        self.summaries = SummaryKeeper(self.config, self.owner, self.store, self.router.reports)
        await self.chores.clerks_changed()
        log.info("state rebuilt: snapshot at %d + %d events replayed", snap_seq, len(events))
        self.pages = StatusPages(lambda: self.owner.centre, lambda: self.owner.waits, self.clock)
        self.owner.phone_status = self._phone_status
        self.health = Health(self.store, self.owner, self.doorman, self.hub)
        self.owner.stats.known_services(self.config.services)
        registry = self.owner.stats.registry
        registry.register(FloorCollector(lambda: self.owner.centre, self.hub, self.clock))
        metrics = MetricsPage(registry, self.store, self.config)
        self._data_version = await self.store.data_version()
        self._tasks = [
            asyncio.create_task(self.owner.run()),
            asyncio.create_task(self._tick()),
            asyncio.create_task(self.doorman.run()),
            asyncio.create_task(self._watch_database()),
            asyncio.create_task(self._mark_seen()),
            asyncio.create_task(self.summaries.run()),
        ]
        router, divert = http_side(self, metrics)
        self._server = await serve(
            self.handle,
            host,
            port,
            create_connection=guarded_connection(self.doorman, divert),
            logger=connection_logger(self.refusals),
            process_request=router,
            max_size=self.config.limits.max_frame_bytes,
            open_timeout=self.config.limits.hello_timeout_s,
            # A peer shown the door (a flooder) never answers our close: let its connection
            # go after a short wait rather than websockets' 10 s.
            close_timeout=CLOSE_TIMEOUT_S,
            # Frames waiting to be handled, per connection: a client cannot pile up more.
            max_queue=4,
            # Frames are small JSON; per-message deflate would cost a compressor per client
            # (~48 kB each) and a compression per recipient of every broadcast.
            compression=None,
            write_limit=self.config.limits.send_buffer_bytes // 4,
            server_header=f"Rinda/{__version__}",
            ssl=ssl,
        )
        bound = int(next(iter(self._server.sockets)).getsockname()[1])
        log.info("listening on %s://%s:%d/ws", "wss" if ssl else "ws", host, bound)
        return bound

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.router.reports.close()
        if self.notifier is not None:
            await self.notifier.close()
        await self._note_seen()
        await self.owner.snapshot()
        await self.store.close()
        self._lock.release()

    async def _tick(self) -> None:
        """Start each new service day and announce opening/closing even when nobody acts."""
        while True:
            await asyncio.sleep(TICK_S)
            try:
                await self.chores.every_tick()
                self.summaries.day_may_have_closed()
            except Exception:
                # A failing disk must not stop the clock: try again on the next tick.
                log.exception("the periodic tick failed")

    async def _watch_database(self) -> None:
        """Notice within WATCH_S what another process changed: a revoked token ends its
        sessions at once, a clerk added makes signing in required, a command line request
        waiting in the inbox is carried out (server/net/admin_inbox.py)."""
        while True:
            await asyncio.sleep(WATCH_S)
            try:
                version = await self.store.data_version()
                if version != self._data_version:
                    self._data_version = version
                    await self.chores.clerks_changed()
                    await self.chores.sign_out_removed()
                    self._end_revoked(await token_hashes(self.store))
                    await self.inbox.run_pending()
            except Exception:
                log.exception("checking the database for revoked tokens failed")

    async def _mark_seen(self) -> None:
        """Keep each token's "last seen" current to a minute: devices stay connected for
        days, so the hello alone would date a display that never went away."""
        while True:
            await asyncio.sleep(SEEN_S)
            await self._note_seen()

    async def _note_seen(self) -> None:
        seen = self._seen | {s.token_hash for s in self.sessions.values() if s.token_hash}
        self._seen = set()
        try:
            await note_seen(self.store, seen, self.clock())
        except Exception:
            # Bookkeeping only: a failing disk is reported by /health, not here.
            log.debug("marking device tokens seen failed", exc_info=True)

    def _end_revoked(self, valid: set[str]) -> None:
        for ws, session in list(self.sessions.items()):
            if session.token_hash is not None and session.token_hash not in valid:
                log.warning(
                    "%s %s: its token was revoked, disconnecting", session.role, session.device
                )
                self.sessions.pop(ws, None)
                self.hub.discard(session.role, ws, session.counter)
                self._reply(ws, error_frame("token_revoked", TOKEN_REVOKED))
                closing = asyncio.create_task(ws.close(CloseCode.POLICY_VIOLATION, "token revoked"))
                self._closing.add(closing)
                closing.add_done_callback(self._closing.discard)

    async def handle(self, ws: ServerConnection) -> None:
        session: Session | None = None
        strikes = Bucket(REFUSALS_BEFORE_HELLO, 0.0, REFUSALS_BEFORE_HELLO, time.monotonic())
        try:
            async for raw in ws:
                refusal = await self._answer(ws, raw, session)
                if isinstance(refusal, Session):
                    session = refusal
                    strikes = Bucket(STRIKE_BURST, STRIKES_PER_S, STRIKE_BURST, time.monotonic())
                elif refusal is not None and not strikes.take(time.monotonic()):
                    self.refusals.info(
                        "closing the connection from %s: too many refused frames", address_of(ws)
                    )
                    self.doorman.send(ws, encode(error_frame("slow_down", TOO_MANY_REFUSALS)))
                    await ws.close(CloseCode.POLICY_VIOLATION, "too many refused frames")
                    break
        except ConnectionClosed:
            pass
        finally:
            if session is not None:
                self.sessions.pop(ws, None)
                if session.ticket is not None:
                    self.hub.discard_phone(session.ticket, ws)
                else:
                    self.hub.discard(session.role, ws, session.counter)
                    self._log_session(session, "%s %s disconnected", session.role, session.device)

    async def _answer(
        self, ws: ServerConnection, raw: str | bytes, session: Session | None
    ) -> Session | str | None:
        """Handle one frame. Returns the new session after a good hello, the error code of a
        refusal the client caused, or None."""
        try:
            frame = decode(raw)
        except FrameError as e:
            self.refusals.info("bad frame from %s: %s", address_of(ws), e.message)
            return self._refuse(ws, e.code, e.message, e.request_id)
        if isinstance(frame, Hello):
            if session is not None:
                return self._refuse(ws, "bad_frame", "This connection has already said hello.")
            return await self._hello(ws, frame) or "unauthorized"
        if session is None:
            return self._refuse(ws, "unauthorized", "Say hello with a token first.", frame.id)
        if session.role not in ALLOWED[type(frame)]:
            kind = frame.__struct_config__.tag
            return self._refuse(
                ws,
                "forbidden",
                f"{a_role(session.role).capitalize()} may not send {kind}.",
                frame.id,
            )
        # Tickets have their own, configurable bucket (net/requests.py).
        if not isinstance(frame, TakeTicket) and not self.requests.allow(
            session.device, time.monotonic()
        ):
            self._reply(ws, error_frame("rate_limited", TOO_MANY_REQUESTS, frame.id))
            return None
        self._reply(ws, await self.router.handle(session, frame))
        return None

    def _refuse(
        self, ws: ServerConnection, code: ErrorCode, message: str, request_id: str | None = None
    ) -> str:
        self._reply(ws, error_frame(code, message, request_id))
        return code

    def _reply(self, ws: ServerConnection, frame: ServerFrame | Answer) -> None:
        self.doorman.send(ws, frame.decode() if isinstance(frame, bytes) else encode(frame))

    def _log_session(self, session: Session, msg: str, *args: Any) -> None:
        """Sessions of configured devices are logged; anonymous ones (displays without a
        token) share the refusals' budget, since anyone may open them."""
        if session.token_hash is None:
            self.refusals.info(msg, *args)
        else:
            log.info(msg, *args)

    async def _hello(self, ws: ServerConnection, hello: Hello) -> Session | None:
        if hello.role == "phone":
            return await self._phone_hello(ws, hello)
        try:
            session = await authenticate(hello, ws.remote_address, self.store, self.config)
        except AuthError as e:
            self.refusals.warning(
                "hello refused from %s (%s): %s", address_of(ws), hello.role, e.message
            )
            self._reply(ws, error_frame(e.code, e.message))
            return None
        centre = self.owner.centre
        printers, now = self.router.printers.snapshot(), self.clock()
        snap = frames.snapshot(
            centre, session.role, session.counter, now, printers, self.owner.waits, session.device
        )
        # Written without waiting, then subscribed, with no await between: the client sees
        # the snapshot first and every event after it, none missed and none twice.
        self.doorman.greet(ws)
        self._reply(ws, Welcome(snapshot=snap))
        self.hub.add(session.role, ws, session.counter)
        self.sessions[ws] = session
        if session.token_hash is not None:
            self._seen.add(session.token_hash)
        self._log_session(
            session, "%s %s connected from %s", session.role, session.device, address_of(ws)
        )
        return session

    async def _phone_hello(self, ws: ServerConnection, hello: Hello) -> Session | None:
        """A visitor's status page follows its own ticket; the link token is its credential."""
        t = self.pages.find(hello.token or "")
        if t is None:
            self._reply(ws, error_frame("unauthorized", "This ticket link is not valid today."))
            return None
        # Only open ones count: a page just closed may not have left the hub yet.
        following = [p for p in self.hub.phones.get(t.number, ()) if p.state is State.OPEN]
        if len(following) >= self.config.limits.phones_per_ticket:
            self._reply(
                ws,
                error_frame(
                    "too_many_connections",
                    "This ticket is followed on too many devices already; the page updates "
                    "itself every few seconds instead.",
                ),
            )
            return None
        self.doorman.greet(ws)
        self._reply(ws, Welcome(snapshot=PhoneSnapshot(ticket=self.pages.status(t))))
        self.hub.add_phone(t.number, ws, self.pages.status_frame(t))
        session = Session("phone", f"phone:{t.number}", ticket=t.number)
        self.sessions[ws] = session
        return session

    def _phone_status(self, number: str) -> str | None:
        """The `status` frame of a ticket a phone follows (None: no phone follows it)."""
        t = self.owner.centre.state.tickets.get(number)
        if t is None or number not in self.hub.phones:
            return None
        return self.pages.status_frame(t)
