"""The history estimator, in the spirit of Ibrahim & Whitt's delay estimators.

A visitor taking a ticket now is told the wait of the last visitor of the same service and
class (walk-in, each priority category, appointment) to be called, if that call was recent
(last-to-enter-service: the policy's treatment of the class shows in it without modelling
the policy). Without a recent one, a queue-length estimate: the people of the service the
visitor would follow (everyone for a walk-in; for a priority visitor, only priority visitors
of at least the same weight), plus one, times the service's average over the counters
serving it — or nothing when a counter serving it is free.

A waiting ticket is told the queue-length figure for its place: its position in arrival
order (among priority visitors of at least its weight, for a priority visitor).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from server.core.estimate_stats import today
from server.core.lines import APPOINTMENTS, arrival_order
from server.core.model import Ticket
from server.core.waits import NewKey, Waits

if TYPE_CHECKING:
    from server.core.centre import Centre

# A last-to-enter-service delay older than this says little about the queue now.
RECENT = timedelta(minutes=30)


def _class(t: Ticket) -> str | None:
    return APPOINTMENTS if t.booking is not None else t.priority


def last_to_enter(centre: Centre, now: datetime) -> dict[tuple[str, str | None], float]:
    """Per (service, class), the wait of the last ticket called, if called recently."""
    latest: dict[tuple[str, str | None], tuple[datetime, float]] = {}
    for t in centre.state.tickets.values():
        if t.called_at is None or t.called_at < now - RECENT:
            continue
        key = (t.service, _class(t))
        seen = latest.get(key)
        if seen is None or t.called_at > seen[0]:
            since = max(t.taken_at, t.booked_for or t.taken_at)
            latest[key] = (t.called_at, max(0.0, (t.called_at - since).total_seconds()))
    return {k: wait for k, (_, wait) in latest.items()}


def _ql(ahead: int, free: int, per_s: float) -> int:
    """Queue-length delay: nothing while a serving counter is free for this place."""
    return 0 if ahead < free else round((ahead + 1 - free) * per_s)


class History:
    name = "history"

    def waits(self, centre: Centre, now: datetime) -> Waits:
        config, st = centre.config, centre.state
        les = last_to_enter(centre, now)
        means = today(centre, now).means
        weight = {pid: p.weight for pid, p in config.priorities.items()}
        open_free: dict[str, int] = {}
        for cid, cs in st.counters.items():
            if cs.status == "open" and cs.ticket is None:
                for sid in config.counters[cid].services:
                    open_free[sid] = open_free.get(sid, 0) + 1
        tickets: dict[str, int] = {}
        new: dict[NewKey, int] = {}
        for sid, waiting in centre.waiting.items():
            per_s = means[sid] / centre.counters_serving(sid)
            # Passed-over remote tickets stand in no line until they check in.
            ordered = sorted((t for t in waiting.values() if not t.set_aside), key=arrival_order)
            present = [t for t in ordered if t.queued_at <= now]
            free = open_free.get(sid, 0)

            ahead_by_weight: dict[float, int] = {}
            for t in ordered:
                w = weight.get(t.priority, 1.0) if t.priority else 1.0
                if w > 1.0:
                    n = sum(c for k, c in ahead_by_weight.items() if k >= w)
                    ahead_by_weight[w] = ahead_by_weight.get(w, 0) + 1
                    tickets[t.number] = _ql(n, free, per_s)
            for i, t in enumerate(ordered):
                tickets.setdefault(t.number, _ql(i, free, per_s))
            for p in [None, *config.priorities]:
                w = weight[p] if p else 1.0
                ahead = (
                    len(present)
                    if w <= 1.0
                    else sum(1 for t in present if t.priority and weight[t.priority] >= w)
                )
                les_s = les.get((sid, p))
                new[(sid, p)] = round(les_s) if les_s is not None else _ql(ahead, free, per_s)
        return Waits(tickets=tickets, new=new)
