"""What needs the manager's attention now, worked out from the floor and the clock: a wait
over its service's target, a kiosk's printer out of paper, offline or failing, a counter
paused longer than the manager allows. Pure, so each rule is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from manager.floor import Floor

AlertKind = Literal["wait", "paper_out", "offline", "error", "paused"]
# Shown first to last: visitors waiting too long, then what stops tickets, then staffing.
ORDER: tuple[AlertKind, ...] = ("wait", "paper_out", "offline", "error", "paused")


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    # The service, kiosk or counter it is about.
    subject: str
    # How long (the wait, or the pause) in whole minutes; 0 for a printer.
    minutes: int = 0


def alerts(floor: Floor, now: datetime, pause_limit_min: int) -> list[Alert]:
    found: list[Alert] = []
    for sid, s in floor.services.items():
        longest = s.longest_wait_s(now)
        if longest is not None and s.over_target(now):
            found.append(Alert("wait", sid, longest // 60))
    for kiosk, p in floor.printers.items():
        if p.status in ("paper_out", "offline", "error"):
            found.append(Alert(p.status, kiosk))
    for cid, c in floor.counters.items():
        if c.status == "paused" and c.since is not None:
            paused_s = (now - c.since).total_seconds()
            if paused_s > pause_limit_min * 60:
                found.append(Alert("paused", cid, int(paused_s // 60)))
    return sorted(found, key=lambda a: ORDER.index(a.kind))
