"""Fan-out of committed events to connected clients.

Each frame is encoded once and pushed with `websockets.broadcast`, which writes to every
socket without awaiting anyone. A client whose unsent output grows past the configured bound
is too slow (or dead) to keep up: it is disconnected rather than allowed to eat memory or be
silently skipped, and on reconnect it redraws from a fresh snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection, broadcast

# What each role is sent (None: everything). Displays and kiosks get only what they draw,
# which also keeps each call's fan-out to one frame per wall screen.
FEEDS: dict[str, frozenset[str] | None] = {
    "kiosk": frozenset({"queue", "day"}),
    "display": frozenset({"called", "queue", "counter", "day", "notice"}),
    "counter": None,
    "manager": None,
    # A feedback tablet with a counter also gets that counter's `finished` (Hub.tablets).
    "feedback": frozenset({"day"}),
}
# A visit at a counter ended: a window display above that counter clears its number (Hub.windows).
VISIT_ENDS = frozenset({"finished", "no_show", "transferred"})


@dataclass
class Hub:
    # The door's check that a frame may be written to a client; it cuts (and logs, on a
    # budget) one that does not keep up.
    writable: Callable[[ServerConnection], bool]
    subscribers: dict[str, set[ServerConnection]] = field(
        default_factory=lambda: {role: set() for role in FEEDS}
    )
    # Visitors' phones, per ticket number, each with the status it was sent last.
    phones: dict[str, dict[ServerConnection, str]] = field(default_factory=dict)
    # Feedback tablets per counter: told when a visit there finished (none of the others').
    tablets: dict[str, set[ServerConnection]] = field(default_factory=dict)
    # Window displays per counter: told when a visit there ended (none of the others').
    windows: dict[str, set[ServerConnection]] = field(default_factory=dict)

    def _by_counter(self, role: str) -> dict[str, set[ServerConnection]] | None:
        return {"feedback": self.tablets, "display": self.windows}.get(role)

    def add(self, role: str, ws: ServerConnection, counter: str | None = None) -> None:
        self.subscribers[role].add(ws)
        by_counter = self._by_counter(role)
        if by_counter is not None and counter is not None:
            by_counter.setdefault(counter, set()).add(ws)

    def discard(self, role: str, ws: ServerConnection, counter: str | None = None) -> None:
        self.subscribers[role].discard(ws)
        by_counter = self._by_counter(role)
        held = by_counter.get(counter or "") if by_counter is not None else None
        if by_counter is not None and held is not None:
            held.discard(ws)
            if not held:
                del by_counter[counter or ""]

    def add_phone(self, ticket: str, ws: ServerConnection, status: str) -> None:
        """Follow a ticket; `status` is the `status` frame of what its welcome showed."""
        self.phones.setdefault(ticket, {})[ws] = status

    def discard_phone(self, ticket: str, ws: ServerConnection) -> None:
        phones = self.phones.get(ticket, {})
        phones.pop(ws, None)
        if not phones:
            self.phones.pop(ticket, None)

    def count(self) -> int:
        return sum(len(s) for s in self.subscribers.values()) + sum(map(len, self.phones.values()))

    def _healthy(self, clients: set[ServerConnection]) -> list[ServerConnection]:
        return [ws for ws in clients if self.writable(ws)]

    def publish(self, kind: str, text: str, counter: str | None = None) -> None:
        """Send a frame to every role whose feed has `kind`; a `finished` frame also to the
        feedback tablets of its `counter`, and the end of a visit to its window displays."""
        targets: list[ServerConnection] = []
        for role, feed in FEEDS.items():
            if feed is None or kind in feed:
                targets += self._healthy(self.subscribers[role])
        if kind == "finished" and counter is not None:
            targets += self._healthy(self.tablets.get(counter, set()))
        if kind in VISIT_ENDS and counter is not None:
            targets += self._healthy(self.windows.get(counter, set()))
        broadcast(targets, text)

    def send_phone(self, ticket: str, status: str) -> None:
        """Send a ticket's `status` frame to each of its phones that has not got it already."""
        phones = self.phones.get(ticket)
        if not phones:
            return
        behind = {ws for ws, had in phones.items() if had != status}
        for ws in behind:
            phones[ws] = status
        broadcast(self._healthy(behind), status)

    def publish_phones(self, render: Callable[[str], str | None]) -> None:
        """Send each followed ticket's status to its phones that do not have it yet."""
        for ticket in list(self.phones):
            status = render(ticket)
            if status is not None:
                self.send_phone(ticket, status)
