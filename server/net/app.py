"""The server process: rebuild state from the log, accept connections, route frames.

One handler task per connection decodes and authorises frames; every state change goes
through the single `Owner`; events fan out through the `Hub` after commit.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from ssl import SSLContext
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from server import __version__
from server.config import CentreConfig
from server.core import commands as c
from server.core.centre import Centre
from server.core.rules import counters_to_sign_out
from server.net import frames
from server.net.auth import AuthError, Session, authenticate
from server.net.http import make_router
from server.net.hub import Hub
from server.net.owner import Answer, Owner, nothing
from server.net.ratelimit import RateLimiter
from server.net.requests import RequestRouter
from server.net.status_page import StatusPages
from server.protocol.codec import FrameError, decode
from server.protocol.messages import ALLOWED, Hello
from server.protocol.replies import encode, error_frame
from server.protocol.views import ServerFrame
from server.protocol.welcome import PhoneSnapshot, Welcome
from server.store.backup import DatabaseLock
from server.store.clerks import has_clerks
from server.store.events import EventStore

log = logging.getLogger("rinda.server")

TICK_S = 10.0


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
        self.started = time.monotonic()
        self.hub = Hub(config.limits.send_buffer_bytes)
        self.limiter = RateLimiter(config.limits.kiosk_burst, config.limits.kiosk_per_minute)
        self._tasks: list[asyncio.Task[None]] = []
        self._server: Server | None = None
        self._lock = DatabaseLock(db_path)

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
        since = self.clock().timestamp() - 24 * 3600
        for device, rid, data in await self.store.replies_since(datetime.fromtimestamp(since, UTC)):
            self.owner.remember(device, rid, data)
        self.router = RequestRouter(self.config, self.owner, self.store, self.limiter)
        self.router.clerks_exist = await has_clerks(self.store)
        log.info("state rebuilt: snapshot at %d + %d events replayed", snap_seq, len(events))
        self.pages = StatusPages(lambda: self.owner.centre)
        self.owner.phone_status = self._phone_status
        self._tasks = [asyncio.create_task(self.owner.run()), asyncio.create_task(self._tick())]
        self._server = await serve(
            self.handle,
            host,
            port,
            process_request=make_router(self.health, self.pages.respond),
            max_size=self.config.limits.max_frame_bytes,
            max_queue=16,
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
        await self.owner.snapshot()
        await self.store.close()
        self._lock.release()

    async def health(self) -> dict[str, Any]:
        db_ok = await self.store.check()
        return {
            "status": "ok" if db_ok else "degraded",
            "version": __version__,
            "uptime_s": round(time.monotonic() - self.started, 1),
            "database": "ok" if db_ok else "error",
            "connections": self.hub.count(),
            "events": self.owner.seq,
        }

    async def _tick(self) -> None:
        """Start each new service day and announce opening/closing even when nobody acts."""
        while True:
            await asyncio.sleep(TICK_S)
            try:
                self.router.clerks_exist = await has_clerks(self.store)
                await self.owner.submit(c.RollDay(), "server", None, nothing)
                await self.sign_out_after_closing()
            except Exception:
                # A failing disk must not stop the clock: try again on the next tick.
                log.exception("the periodic tick failed")

    async def sign_out_after_closing(self) -> None:
        """Close the counters still open after the day's last call (see core/rules.py)."""
        centre = self.owner.centre
        for cid in counters_to_sign_out(centre.config, centre.state, self.clock()):
            await self.owner.submit(c.CloseCounter(counter=cid), "server", None, nothing)

    async def handle(self, ws: ServerConnection) -> None:
        # The kernel's share of a client's backlog is bounded too (Linux would otherwise grow
        # it to megabytes), so a stalled client is noticed and cut off after `send_buffer_bytes`.
        sock = ws.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_SNDBUF, self.config.limits.send_buffer_bytes
            )
        session: Session | None = None
        try:
            async for raw in ws:
                try:
                    frame = decode(raw)
                except FrameError as e:
                    log.info("bad frame from %s: %s", ws.remote_address, e.message)
                    await self._send(ws, error_frame(e.code, e.message, e.request_id))
                    continue
                if isinstance(frame, Hello):
                    if session is not None:
                        await self._send(
                            ws, error_frame("bad_frame", "This connection has already said hello.")
                        )
                        continue
                    session = await self._hello(ws, frame)
                elif session is None:
                    await self._send(
                        ws, error_frame("unauthorized", "Say hello with a token first.", frame.id)
                    )
                elif session.role not in ALLOWED[type(frame)]:
                    await self._send(
                        ws,
                        error_frame(
                            "forbidden",
                            f"A {session.role} may not send {frame.__struct_config__.tag}.",
                            frame.id,
                        ),
                    )
                else:
                    await self._send(ws, await self.router.handle(session, frame))
        except ConnectionClosed:
            pass
        finally:
            if session is not None and session.ticket is not None:
                self.hub.discard_phone(session.ticket, ws)
            elif session is not None:
                self.hub.discard(session.role, ws)
                log.info("%s %s disconnected", session.role, session.device)

    async def _hello(self, ws: ServerConnection, hello: Hello) -> Session | None:
        if hello.role == "phone":
            return await self._phone_hello(ws, hello)
        try:
            session = await authenticate(hello, ws.remote_address, self.store, self.config)
        except AuthError as e:
            log.warning("hello refused from %s (%s): %s", ws.remote_address, hello.role, e.message)
            await self._send(ws, error_frame(e.code, e.message))
            return None
        centre = self.owner.centre
        printers = self.router.printers.snapshot()
        snap = frames.snapshot(centre, session.role, session.counter, self.clock(), printers)
        # Written synchronously, then subscribed, with no await between: the client sees the
        # snapshot first and every event after it, none missed and none twice.
        broadcast([ws], encode(Welcome(snapshot=snap)).decode())
        self.hub.add(session.role, ws)
        log.info("%s %s connected from %s", session.role, session.device, ws.remote_address)
        return session

    async def _phone_hello(self, ws: ServerConnection, hello: Hello) -> Session | None:
        """A visitor's status page follows its own ticket; the link token is its credential."""
        t = self.pages.find(hello.token or "")
        if t is None:
            await self._send(
                ws, error_frame("unauthorized", "This ticket link is not valid today.")
            )
            return None
        welcome = Welcome(snapshot=PhoneSnapshot(ticket=self.pages.status(t)))
        broadcast([ws], encode(welcome).decode())
        self.hub.add_phone(t.number, ws, self.pages.status_frame(t))
        return Session("phone", f"phone:{t.number}", ticket=t.number)

    def _phone_status(self, number: str) -> str | None:
        """The `status` frame of a ticket a phone follows (None: no phone follows it)."""
        t = self.owner.centre.state.tickets.get(number)
        if t is None or number not in self.hub.phones:
            return None
        return self.pages.status_frame(t)

    @staticmethod
    async def _send(ws: ServerConnection, frame: ServerFrame | Answer) -> None:
        await ws.send(frame if isinstance(frame, bytes) else encode(frame), text=True)
