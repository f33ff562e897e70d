"""What the counter app knows about the centre, rebuilt from each welcome snapshot and kept
current by events and by the replies to this counter's own requests. No Textual here: the
screens read it and redraw."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Frame = dict[str, Any]


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class ServiceLine:
    id: str
    name: dict[str, str]
    waiting: int = 0
    estimated_wait_s: int = 0
    waiting_since: datetime | None = None
    issuing: bool = True


@dataclass
class CounterModel:
    counter: str
    name: str = ""
    services: dict[str, ServiceLine] = field(default_factory=dict)
    priorities: dict[str, dict[str, str]] = field(default_factory=dict)
    # The services this counter serves, in configuration order.
    mine: list[str] = field(default_factory=list)
    status: str = "closed"
    clerk: str | None = None
    clerk_name: str = ""
    reason: str = ""
    served_today: int = 0
    current: Frame | None = None
    loaded: bool = False

    def load(self, snap: Frame) -> None:
        """Start again from a welcome snapshot (first connect and every reconnect)."""
        self.services = {s["id"]: ServiceLine(s["id"], s["name"]) for s in snap.get("services", [])}
        self.update_queue({s["id"]: s for s in snap.get("services", [])})
        self.priorities = {p["id"]: p["name"] for p in snap.get("priorities", [])}
        me = next((c for c in snap.get("counters", []) if c["id"] == self.counter), None)
        if me is not None:
            self.name = me["name"]
            self.mine = list(me["services"])
        state = snap.get("counter") or {}
        self.set_counter(state)
        self.current = state.get("current")
        self.loaded = True

    def set_counter(self, state: Frame) -> None:
        if state.get("clerk") != self.clerk:
            self.clerk_name = ""
        self.status = state.get("status", "closed")
        self.clerk = state.get("clerk")
        self.reason = state.get("reason", "")
        # The clerk's own count; a finished event at this counter is theirs too.
        self.served_today = state.get("clerk_served_today", 0)
        if state.get("ticket") is None:
            self.current = None

    def update_queue(self, services: dict[str, Frame]) -> None:
        for sid, q in services.items():
            line = self.services.get(sid)
            if line is None:
                continue
            line.waiting = q.get("waiting", 0)
            line.estimated_wait_s = q.get("estimated_wait_s", 0)
            line.waiting_since = parse_time(q.get("waiting_since"))
            line.issuing = q.get("issuing", True)

    def apply(self, frame: Frame) -> bool:
        """Fold a broadcast event in; whether anything on screen may have changed."""
        kind = frame.get("type")
        if kind == "queue":
            self.update_queue(frame.get("services", {}))
            return True
        if kind == "day":
            self.current, self.served_today = None, 0
            return True
        if frame.get("counter") != self.counter:
            return False
        if kind == "counter":
            self.set_counter(frame)
            return True
        if kind == "finished":
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
