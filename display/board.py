"""What the display shows, as plain data: built from a welcome snapshot, changed by events.

Pure (no Textual, no I/O) so the rules — a recall is a new call, a new day clears the
history, a `queue` frame is the whole state — are easy to read and test; the app redraws its
widgets from a `Board` after each change. `counter` events (open, paused, closed) change
nothing here: a display shows calls and queues, not who is at which desk, and counter names
come from the configuration, which only changes with a restart (and a new snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Frame = dict[str, Any]
Texts = dict[str, str]


@dataclass(frozen=True)
class Call:
    ticket: str
    counter: str
    counter_name: str
    at: str
    recall: bool = False


@dataclass
class ServiceLine:
    id: str
    prefix: str
    name: Texts
    waiting: int
    estimated_wait_s: int
    issuing: bool


@dataclass
class Board:
    centre: Texts = field(default_factory=dict)
    timezone: str = "Europe/Riga"
    services: list[ServiceLine] = field(default_factory=list)
    counters: dict[str, str] = field(default_factory=dict)  # id -> name
    calls: list[Call] = field(default_factory=list)  # newest first
    notice: Texts | None = None
    history: int = 6

    @classmethod
    def from_snapshot(cls, snap: Frame) -> Board:
        shown = snap.get("display") or {}
        return cls(
            centre=dict(snap["centre"]["name"]),
            timezone=snap["centre"].get("timezone", "Europe/Riga"),
            services=[
                ServiceLine(
                    s["id"],
                    s["prefix"],
                    dict(s["name"]),
                    s["waiting"],
                    s["estimated_wait_s"],
                    s.get("issuing", True),
                )
                for s in snap["services"]
            ],
            counters={c["id"]: c["name"] for c in snap["counters"]},
            calls=[
                Call(c["ticket"], c["counter"], c.get("counter_name", c["counter"]), c["at"])
                for c in snap["calls"]
            ],
            notice=shown.get("notice"),
            history=shown.get("history", 6),
        )

    @property
    def latest(self) -> Call | None:
        return self.calls[0] if self.calls else None

    @property
    def earlier(self) -> list[Call]:
        """The calls listed below the newest one."""
        return self.calls[1 : 1 + self.history]

    def apply(self, frame: Frame) -> Call | None:
        """Change the board by one event; returns the new call for a `called` event."""
        kind = frame.get("type")
        if kind == "called":
            counter: str = frame["counter"]
            name: str = frame.get("counter_name") or self.counters.get(counter, counter)
            call = Call(
                frame["ticket"],
                counter,
                name,
                frame["at"],
                bool(frame.get("recall", False)),
            )
            # The server keeps 20; so do we, so a reconnect never shows a longer list.
            self.calls = [call, *self.calls][:20]
            return call
        if kind == "queue":
            for line in self.services:
                now = frame["services"].get(line.id)
                if now is not None:
                    line.waiting = now["waiting"]
                    line.estimated_wait_s = now["estimated_wait_s"]
                    line.issuing = now.get("issuing", line.issuing)
        elif kind == "day":
            self.calls = []
        return None
