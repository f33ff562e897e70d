"""What the counter app knows about the centre, rebuilt from each welcome snapshot and kept
current by events and by the replies to this counter's own requests. No Textual here: the
screens read it and redraw."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from server.protocol import events as e
from server.protocol.server_frames import Pushed
from server.protocol.views import QueueState, Texts, TicketView
from server.protocol.welcome import AnySnapshot, CounterSnapshot, CounterState


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class ServiceLine:
    id: str
    name: Texts
    waiting: int = 0
    estimated_wait_s: int = 0
    waiting_since: datetime | None = None
    issuing: bool = True


@dataclass
class CounterModel:
    counter: str
    name: str = ""
    services: dict[str, ServiceLine] = field(default_factory=dict)
    priorities: dict[str, Texts] = field(default_factory=dict)
    # The services this counter serves, in configuration order.
    mine: list[str] = field(default_factory=list)
    status: str = "closed"
    clerk: str | None = None
    clerk_name: str = ""
    reason: str = ""
    served_today: int = 0
    current: TicketView | None = None
    loaded: bool = False

    def load(self, snap: AnySnapshot) -> None:
        """Start again from a welcome snapshot (first connect and every reconnect)."""
        if not isinstance(snap, CounterSnapshot):
            return  # not a counter's welcome: nothing here is about this counter
        self.services = {s.id: ServiceLine(s.id, s.name) for s in snap.services}
        for s in snap.services:
            self._queue(self.services[s.id], s.waiting, s.estimated_wait_s, s.waiting_since)
            self.services[s.id].issuing = s.issuing
        self.priorities = {p.id: p.name for p in snap.priorities}
        me = next((c for c in snap.counters if c.id == self.counter), None)
        if me is not None:
            self.name = me.name
            self.mine = list(me.services)
        self.set_counter(snap.counter)
        self.current = snap.counter.current
        self.loaded = True

    def set_counter(self, state: CounterState | e.CounterChanged) -> None:
        if state.clerk != self.clerk:
            self.clerk_name = ""
        self.status = state.status
        self.clerk = state.clerk
        self.reason = state.reason
        # The clerk's own count; a finished event at this counter is theirs too.
        self.served_today = state.clerk_served_today
        if state.ticket is None:
            self.current = None

    def update_queue(self, services: dict[str, QueueState]) -> None:
        for sid, q in services.items():
            line = self.services.get(sid)
            if line is not None:
                self._queue(line, q.waiting, q.estimated_wait_s, q.waiting_since)
                line.issuing = q.issuing

    @staticmethod
    def _queue(line: ServiceLine, waiting: int, wait_s: int, since: str | None) -> None:
        line.waiting = waiting
        line.estimated_wait_s = wait_s
        line.waiting_since = parse_time(since)

    def apply(self, frame: Pushed) -> bool:
        """Fold a broadcast event in; whether anything on screen may have changed."""
        match frame:
            case e.Queue():
                self.update_queue(frame.services)
                return True
            case e.DayStarted():
                self.current, self.served_today = None, 0
                return True
            case e.CounterChanged(counter=self.counter):
                self.set_counter(frame)
                return True
            case e.Finished(counter=self.counter):
                # Counted here, not from our own reply, so a second app on this counter agrees.
                self.served_today += 1
                return True
        return False

    def longest_wait_s(self, now: datetime) -> int | None:
        since = [s.waiting_since for sid in self.mine if (s := self.services.get(sid))]
        oldest = min((t for t in since if t is not None), default=None)
        return None if oldest is None else max(0, round((now - oldest).total_seconds()))

    def expected_wait_s(self) -> int:
        """The expected wait in the busiest queue this counter serves."""
        lines = [self.services[sid] for sid in self.mine if sid in self.services]
        return max((s.estimated_wait_s for s in lines if s.waiting), default=0)
