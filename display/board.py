"""What the display shows, as plain data: built from a welcome snapshot, changed by events.

Pure (no Textual, no I/O) so the rules — a recall is a new call, a new day clears the
history, a `queue` frame is the whole state — are easy to read and test; the app redraws its
widgets from a `Board` after each change. `counter` events (open, paused, closed) change
nothing here: a display shows calls and queues, not who is at which desk, and counter names
come from the configuration, which only changes with a restart (and a new snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from server.protocol import events as e
from server.protocol.server_frames import Pushed
from server.protocol.views import Texts
from server.protocol.welcome import AnySnapshot, CentreSnapshot, DisplaySnapshot


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
    def from_snapshot(cls, snap: AnySnapshot) -> Board:
        if not isinstance(snap, CentreSnapshot):
            return cls()  # a phone's welcome: nothing a wall screen could show
        shown = snap.display if isinstance(snap, DisplaySnapshot) else None
        return cls(
            centre=dict(snap.centre.name),
            timezone=snap.centre.timezone,
            services=[
                ServiceLine(s.id, s.prefix, dict(s.name), s.waiting, s.estimated_wait_s, s.issuing)
                for s in snap.services
            ],
            counters={c.id: c.name for c in snap.counters},
            calls=[Call(c.ticket, c.counter, c.counter_name, c.at) for c in snap.calls],
            notice=shown.notice if shown else None,
            history=shown.history if shown else 6,
        )

    @property
    def latest(self) -> Call | None:
        return self.calls[0] if self.calls else None

    @property
    def earlier(self) -> list[Call]:
        """The calls listed below the newest one."""
        return self.calls[1 : 1 + self.history]

    def apply(self, frame: Pushed) -> Call | None:
        """Change the board by one event; returns the new call for a `called` event."""
        match frame:
            case e.Called():
                name = frame.counter_name or self.counters.get(frame.counter, frame.counter)
                call = Call(frame.ticket, frame.counter, name, frame.at, frame.recall)
                # The server keeps 20; so do we, so a reconnect never shows a longer list.
                self.calls = [call, *self.calls][:20]
                return call
            case e.Queue():
                for line in self.services:
                    now = frame.services.get(line.id)
                    if now is not None:
                        line.waiting = now.waiting
                        line.estimated_wait_s = now.estimated_wait_s
                        line.issuing = now.issuing
            case e.DayStarted():
                self.calls = []
        return None
