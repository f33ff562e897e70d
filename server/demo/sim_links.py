"""What each simulated device knows: its link to the server and the state it mirrors from its
welcome snapshot and the events after it (no I/O here; `simulator.py` drives them)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from server.protocol.client import Client

Frame = dict[str, Any]


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

    def read_snapshot(self, snap: Frame) -> None:
        self.services = {s["id"]: bool(s["issuing"]) for s in snap.get("services", [])}
        self.waiting = {s["id"]: int(s["waiting"]) for s in snap.get("services", [])}
        self.priorities = [p["id"] for p in snap.get("priorities", [])]
        self.served_by = {}
        for c in snap.get("counters", []):
            for sid in c.get("services", []):
                self.served_by.setdefault(sid, []).append(c["id"])
        self.news.set()
        self.welcomed.set()

    def apply(self, frame: Frame) -> None:
        """A kiosk's events: only the queue matters to it."""
        if self.read_queue(frame):
            self.news.set()

    def read_queue(self, frame: Frame) -> bool:
        """Take in a `queue` event; True if it was one."""
        if frame.get("type") != "queue":
            return False
        for sid, q in frame.get("services", {}).items():
            self.services[sid] = bool(q.get("issuing"))
            self.waiting[sid] = int(q.get("waiting", 0))
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

    def load(self, snap: Frame) -> None:
        """Start again from a welcome snapshot (after every connect): believe the server."""
        own = snap.get("counter") or {}
        current = own.get("current") or {}
        self.status = str(own.get("status", "closed"))
        if self.current != own.get("ticket"):
            self.recalls = 0
        self.current = own.get("ticket")
        self.ticket_status = current.get("status") if self.current else None
        self.services = next(
            (list(c["services"]) for c in snap.get("counters", []) if c["id"] == self.counter),
            [],
        )
        self.link.read_snapshot(snap)

    def apply(self, frame: Frame) -> None:
        """Fold in an event (a counter receives every event, none missed, none twice)."""
        kind = frame.get("type")
        if self.link.read_queue(frame):
            if any(self.link.waiting.get(s, 0) > 0 for s in self.services):
                self.link.news.set()
            return
        if kind == "day":
            self.current = self.ticket_status = None
            return
        if frame.get("counter") != self.counter:
            return
        ticket = frame.get("ticket")
        if kind == "called":
            if ticket != self.current:
                self.recalls = 0
            self.current, self.ticket_status = ticket, "called"
        elif kind == "serving" and ticket == self.current:
            self.ticket_status = "serving"
        elif kind in ("finished", "no_show", "transferred") and ticket == self.current:
            self.current = self.ticket_status = None
        elif kind == "counter":
            self.status = str(frame.get("status", self.status))
            if ticket is None:
                self.current = self.ticket_status = None
