"""Fan-out of committed events to connected clients.

Each frame is encoded once and pushed with `websockets.broadcast`, which writes to every
socket without awaiting anyone. A client whose unsent output grows past the configured bound
is too slow (or dead) to keep up: it is disconnected rather than allowed to eat memory or be
silently skipped, and on reconnect it redraws from a fresh snapshot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection, broadcast

log = logging.getLogger("rinda.hub")

# Roles that see every event; kiosks only need what their service buttons show.
FULL_FEED = ("display", "counter", "manager")
KIOSK_FEED = frozenset({"queue", "day"})


@dataclass
class Hub:
    send_buffer_bytes: int
    subscribers: dict[str, set[ServerConnection]] = field(
        default_factory=lambda: {r: set() for r in ("kiosk", *FULL_FEED)}
    )

    def add(self, role: str, ws: ServerConnection) -> None:
        self.subscribers[role].add(ws)

    def discard(self, role: str, ws: ServerConnection) -> None:
        self.subscribers[role].discard(ws)

    def count(self) -> int:
        return sum(len(s) for s in self.subscribers.values())

    def _healthy(self, clients: set[ServerConnection]) -> list[ServerConnection]:
        ok = []
        for ws in clients:
            transport = ws.transport
            if transport.get_write_buffer_size() > self.send_buffer_bytes:
                log.warning("disconnecting %s: too slow, output buffer full", ws.remote_address)
                transport.abort()
            else:
                ok.append(ws)
        return ok

    def publish(self, kind: str, text: str) -> None:
        targets: list[ServerConnection] = []
        for role in FULL_FEED:
            targets += self._healthy(self.subscribers[role])
        if kind in KIOSK_FEED:
            targets += self._healthy(self.subscribers["kiosk"])
        broadcast(targets, text)
