"""Who may hold a connection, and for how long: the server's door policy.

Every TCP connection is counted from the moment it is accepted, before a byte of HTTP, so a
stranger cannot hold sockets the server did not budget for:

- A connection must complete its `hello` within `hello_timeout_s` of being accepted, or it
  is cut off. Until then it is *unauthenticated*: at most `unauthenticated_per_address` of
  those per client address (more from that address are closed at once) and
  `max_unauthenticated` in all.
- All connections together stay under `max_connections`, which the server also keeps below
  its open-files limit with room to spare, so `accept()` never fails with EMFILE.
- When the door is full (either total), a newcomer from an address that has connections
  waiting already is closed at once, before any handshake: that is how a crowd of strangers
  costs the least. A newcomer from any other address closes the OLDEST unauthenticated
  connection to make room: a real kiosk, counter or /health probe says what it wants within
  milliseconds, so it gets in and is never the oldest. Only when every connection is a
  session is everyone new refused.
- New connections from one address are rate-limited (a token bucket per address): past it,
  a connection is closed at once, before any handshake, whether it wanted a websocket,
  /health or a phone page.
- Output that stays unsent for `send_deadline_s` (a client that stopped reading) ends the
  connection, before and after hello. websockets' keepalive cannot do this on its own: its
  ping waits behind the blocked output, so its timeout never starts.
- A request with a body, or for /api/, never reaches websockets (which cannot read a body):
  the connection class holds the first bytes until the request line is complete and then
  feeds the connection to an exchange of server/net/http_body.py. It is counted here all the
  same, as a connection that has not said hello.
- Nothing here ever awaits a client: `send` writes without waiting and drops a connection
  whose unsent output passes its budget (small before hello, `send_buffer_bytes` after).
"""

from __future__ import annotations

import asyncio
import logging
import resource
import socket
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast

from server.config import Limits
from server.net.http_body import Exchange, diverts
from server.net.logbudget import LogBudget
from server.net.ratelimit import Bucket

log = logging.getLogger("rinda.door")

# Output the server may queue for a connection that has not said hello: a few error frames.
UNAUTHENTICATED_SEND_BYTES = 16 * 1024
# The largest frame accepted before hello (a hello is ~200 bytes), so that a crowd of strangers
# cannot park `max_frame_bytes` frames in the server's receive queues.
UNAUTHENTICATED_FRAME_BYTES = 4096
# Sockets kept free below the open-files limit: the database, its WAL, logs, /health.
RESERVED_FILES = 64
SWEEP_S = 1.0
# Addresses whose recent connections are remembered for the per-address rate.
ARRIVAL_ADDRESSES = 4096


@dataclass(frozen=True)
class DoorLimits:
    max_connections: int
    max_unauthenticated: int
    unauthenticated_per_address: int
    hello_timeout_s: float
    send_deadline_s: float
    send_buffer_bytes: int
    max_frame_bytes: int
    connections_per_address_per_s: float
    connection_burst_per_address: int


def door_limits(lim: Limits) -> DoorLimits:
    """The configured limits, with `max_connections` kept below this process's open-files
    limit (minus RESERVED_FILES) and the unauthenticated ones within it."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    most = lim.max_connections
    if soft != resource.RLIM_INFINITY:
        most = max(1, min(most, soft - RESERVED_FILES))
    return DoorLimits(
        max_connections=most,
        max_unauthenticated=min(lim.max_unauthenticated, most),
        unauthenticated_per_address=lim.unauthenticated_per_address,
        hello_timeout_s=lim.hello_timeout_s,
        send_deadline_s=lim.send_deadline_s,
        send_buffer_bytes=lim.send_buffer_bytes,
        max_frame_bytes=lim.max_frame_bytes,
        connections_per_address_per_s=lim.connections_per_address_per_s,
        connection_burst_per_address=lim.connection_burst_per_address,
    )


def address_of(ws: ServerConnection) -> str:
    peer = ws.transport.get_extra_info("peername")
    return str(peer[0]) if isinstance(peer, tuple) and peer else "?"


class Doorman:
    def __init__(
        self, limits: DoorLimits, refusals: LogBudget, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self.refusals = refusals
        self.clock = clock
        # Unauthenticated connections, oldest first, in all and per address.
        self.waiting: OrderedDict[ServerConnection, float] = OrderedDict()
        self.waiting_at: dict[str, OrderedDict[ServerConnection, None]] = {}
        self.greeted: set[ServerConnection] = set()
        # Each address's bucket of new connections, the most recently seen last.
        self.arrivals: OrderedDict[str, Bucket] = OrderedDict()
        # Since when each connection's output has been waiting to be sent.
        self.backlog_since: dict[ServerConnection, float] = {}

    @property
    def unauthenticated(self) -> int:
        return len(self.waiting)

    def arrive(self, ws: ServerConnection) -> bool:
        """A TCP connection was accepted; False if it must be closed at once."""
        address = address_of(ws)
        if not self._may_connect(address):
            return self._refuse(address, "too many new connections from it")
        here = self.waiting_at.get(address)
        held = len(here) if here is not None else 0
        if held >= self.limits.unauthenticated_per_address:
            return self._refuse(address, f"{held} of its connections have not said hello")
        full = len(self.waiting) + len(self.greeted) >= self.limits.max_connections
        if full or len(self.waiting) >= self.limits.max_unauthenticated:
            # Someone must go. A newcomer from an address that already has connections
            # waiting is most likely more of the same: refused before any handshake, which
            # is the cheapest answer. Anyone else pushes out the oldest stranger.
            if held or not self.waiting:
                return self._refuse(address, "the door is full")
            self.cut(next(iter(self.waiting)), "the oldest stranger, to make room")
        here = self.waiting_at.setdefault(address, OrderedDict())
        self.waiting[ws] = self.clock()
        here[ws] = None
        # The kernel's share of a client's backlog is bounded too (Linux would grow it to
        # megabytes), so a client that stops reading is noticed; small until it says hello.
        _set_send_buffer(ws, UNAUTHENTICATED_SEND_BYTES)
        ws.protocol.max_message_size = UNAUTHENTICATED_FRAME_BYTES
        return True

    def _may_connect(self, address: str) -> bool:
        """One token from this address's bucket of new connections (a /health loop from
        one address must not eat the CPU the kiosks' tickets need)."""
        now = self.clock()
        bucket = self.arrivals.pop(address, None)
        if bucket is None:
            burst = self.limits.connection_burst_per_address
            bucket = Bucket(burst, self.limits.connections_per_address_per_s, burst, now)
        # Most recently seen last; past ARRIVAL_ADDRESSES the quietest address is forgotten
        # (its bucket would have been full again anyway, or nearly).
        self.arrivals[address] = bucket
        if len(self.arrivals) > ARRIVAL_ADDRESSES:
            self.arrivals.popitem(last=False)
        return bucket.take(now)

    def greet(self, ws: ServerConnection) -> None:
        """The connection said a valid hello: it is a session now."""
        self._forget_waiting(ws)
        self.greeted.add(ws)
        _set_send_buffer(ws, self.limits.send_buffer_bytes)
        ws.protocol.max_message_size = self.limits.max_frame_bytes

    def leave(self, ws: ServerConnection) -> None:
        self._forget_waiting(ws)
        self.greeted.discard(ws)
        self.backlog_since.pop(ws, None)

    def send(self, ws: ServerConnection, text: str) -> bool:
        """Queue `text` for `ws` without waiting; False (and the connection cut) if the
        client has not read what it was sent before.

        The budget is checked against what was already waiting, not with this frame: one
        large frame is fine (a manager's welcome on a busy day passes 1 MiB), a client that
        leaves its frames unread is not."""
        if not self.writable(ws):
            return False
        broadcast([ws], text)
        return True

    def writable(self, ws: ServerConnection) -> bool:
        """Whether a frame may be written to `ws` now: not cut already (writing then would only
        earn asyncio's warnings) and keeping up (else it is cut here)."""
        return not ws.transport.is_closing() and self.keeps_up(ws)

    def keeps_up(self, ws: ServerConnection) -> bool:
        """False (and the connection cut) if the output waiting for `ws` is past its budget:
        checked before each frame we send, and after each read, since websockets answers a
        peer's pings by itself and a peer that pings without reading grows it too."""
        budget = self.limits.send_buffer_bytes if ws in self.greeted else UNAUTHENTICATED_SEND_BYTES
        if ws.transport.get_write_buffer_size() > budget:
            self.cut(ws, "it does not read what it is sent")
            return False
        return True

    def sweep(self) -> None:
        """Cut connections past their hello deadline or whose output is stuck."""
        now = self.clock()
        deadline = now - self.limits.hello_timeout_s
        while self.waiting:
            ws, since = next(iter(self.waiting.items()))
            if since > deadline:
                break
            self.cut(ws, f"no hello within {self.limits.hello_timeout_s:g} s")
        for ws in [*self.waiting, *self.greeted]:
            if ws.transport.get_write_buffer_size() == 0:
                self.backlog_since.pop(ws, None)
            elif now - self.backlog_since.setdefault(ws, now) > self.limits.send_deadline_s:
                self.cut(ws, f"its output has waited over {self.limits.send_deadline_s:g} s")

    async def run(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_S)
            self.sweep()

    def _refuse(self, address: str, why: str) -> bool:
        self.refusals.info("refusing a connection from %s: %s", address, why)
        return False

    def cut(self, ws: ServerConnection, why: str) -> None:
        self.refusals.info("closing the connection from %s: %s", address_of(ws), why)
        self.leave(ws)
        ws.transport.abort()

    def _forget_waiting(self, ws: ServerConnection) -> None:
        if self.waiting.pop(ws, None) is None:
            return
        address = address_of(ws)
        here = self.waiting_at.get(address)
        if here is not None:
            here.pop(ws, None)
            if not here:
                del self.waiting_at[address]


def _set_send_buffer(ws: ServerConnection, size: int) -> None:
    sock = ws.transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)


# Starts the exchange of a connection diverted from websockets (server/net/http_body.py).
Divert = Callable[[asyncio.Transport], Exchange]


def guarded_connection(doorman: Doorman, divert: Divert | None = None) -> type[ServerConnection]:
    """websockets' connection class, reporting to `doorman` from accept to close (the
    upstream hook for this is `serve(create_connection=...)`). With `divert`, a request that
    carries a body, or any request for /api/, is answered by an exchange instead of
    websockets, which never sees its bytes."""

    class GuardedConnection(ServerConnection):
        refused = False
        exchange: Exchange | None = None
        # The first bytes, held until the request line says who answers it.
        head: bytes | None = b"" if divert is not None else None

        def connection_made(self, transport: Any) -> None:
            # Known before websockets sets up anything (its buffers, the handler task), so a
            # refused connection costs no more than its accept and its close.
            self.transport = transport
            if not doorman.arrive(self):
                self.refused = True
                transport.abort()
                return
            super().connection_made(transport)

        def data_received(self, data: bytes) -> None:
            if self.exchange is not None:
                self.exchange.feed(data)
                return
            if self.head is not None and divert is not None:
                self.head += data
                ours = diverts(self.head)
                if ours is None:
                    return
                data, self.head = self.head, None
                if ours:
                    self.exchange = divert(self.transport)
                    self.exchange.feed(data)
                    return
            super().data_received(data)
            doorman.keeps_up(self)

        # asyncio's protocols may return True here to keep the transport open; websockets'
        # class never does, so its signature says None.
        def eof_received(self) -> bool | None:  # type: ignore[override]
            if self.exchange is not None:
                self.exchange.eof()
                # Kept open for the answer: the exchange closes the connection.
                return True
            return super().eof_received()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.refused:
                return
            if self.exchange is not None:
                self.exchange.lost()
            doorman.leave(self)
            # websockets' handshake, still waiting for a request, ends here without a word.
            super().connection_lost(exc)

    return GuardedConnection
