"""What each simulated device knows: its link to the server and the state it mirrors from its
welcome snapshot and the events after it (no I/O here; `simulator.py` drives them)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from server.protocol import events as e
from server.protocol.client import Client
from server.protocol.server_frames import Pushed
from server.protocol.welcome import AnySnapshot, CentreSnapshot, CounterSnapshot


@dataclass(eq=False)
class Link:
    """One device's client and what its latest welcome snapshot and events said."""

    name: str
    client: Client
    welcomed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    services: dict[str, bool] = field(default_factory=dict)  # id -> issuing
    waiting: dict[str, int] = field(default_factory=dict)  # id -> tickets waiting
    served_by: dict[str, list[str]] = field(default_factory=dict)  # service -> counter ids
    priorities: list[str] = field(default_factory=list)
    news: asyncio.Event = field(default_factory=asyncio.Event)  # a queue event that matters
    last_refusal: str | None = None  # repeats of one refusal are logged at DEBUG only

    def read_snapshot(self, snap: AnySnapshot) -> None:
        if isinstance(snap, CentreSnapshot):
            self.services = {s.id: s.issuing for s in snap.services}
            self.waiting = {s.id: s.waiting for s in snap.services}
            self.priorities = [p.id for p in snap.priorities]
            self.served_by = {}
            for c in snap.counters:
                for sid in c.services:
                    self.served_by.setdefault(sid, []).append(c.id)
        self.news.set()
        self.welcomed.set()

    def apply(self, frame: Pushed) -> None:
        """A kiosk's events: only the queue matters to it."""
        if self.read_queue(frame):
            self.news.set()

    def read_queue(self, frame: Pushed) -> bool:
        """Take in a `queue` event; True if it was one."""
        if not isinstance(frame, e.Queue):
            return False
        for sid, q in frame.services.items():
            self.services[sid] = q.issuing
            self.waiting[sid] = q.waiting
        return True


@dataclass(eq=False)
class Desk:
    """A staffed counter: its link and the mirror of its own state."""

    counter: str
    link: Link
    clerk: tuple[str, str] | None
    services: list[str] = field(default_factory=list)
    status: str = "closed"  # open | paused | closed
    current: str | None = None
    ticket_status: str | None = None  # called | serving (of `current`)
    recalls: int = 0  # own recalls of the current visit
    idle: bool = False  # the last call_next found nobody

    def load(self, snap: AnySnapshot) -> None:
        """Start again from a welcome snapshot (after every connect): believe the server."""
        if isinstance(snap, CounterSnapshot):
            own = snap.counter
            self.status = own.status
            if self.current != own.ticket:
                self.recalls = 0
            self.current = own.ticket
            self.ticket_status = own.current.status if own.current and self.current else None
            self.services = next(
                (list(c.services) for c in snap.counters if c.id == self.counter), []
            )
        self.link.read_snapshot(snap)

    def apply(self, frame: Pushed) -> None:
        """Fold in an event (a counter receives every event, none missed, none twice)."""
        if self.link.read_queue(frame):
            if any(self.link.waiting.get(s, 0) > 0 for s in self.services):
                self.link.news.set()
            return
        match frame:
            case e.DayStarted():
                self.current = self.ticket_status = None
            case e.Called(counter=self.counter):
                if frame.ticket != self.current:
                    self.recalls = 0
                self.current, self.ticket_status = frame.ticket, "called"
            case e.Serving(counter=self.counter) if frame.ticket == self.current:
                self.ticket_status = "serving"
            case e.Finished() | e.NoShow() | e.Transferred() if (
                frame.counter == self.counter and frame.ticket == self.current
            ):
                self.current = self.ticket_status = None
            case e.CounterChanged(counter=self.counter):
                self.status = frame.status
                if frame.ticket is None:
                    self.current = self.ticket_status = None
