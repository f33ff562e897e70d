"""Expected waits: what Rinda tells a visitor, the same figure on every screen.

An `Estimator` reads the centre (waiting lines, counters open and what each serves, the
policy, service times observed today) and answers, in seconds from `now`:

- `Waits.tickets`: for every waiting ticket, how long until it is called;
- `Waits.new`: per (service, priority id or None), how long a visitor taking a ticket now
  would wait — what the kiosk shows before the tap and what the ticket then says.

The server computes one `Waits` per queue round (server/net/owner.py) and every screen reads
that; the simulator (server/sim/) calls estimators at each ticket to measure their errors.
Estimators are pure: same centre, same `now`, same answer.

The estimators (`ESTIMATORS`; `DEFAULT` is what the server uses):

- `naive`: people ahead in arrival order x average service time / counters serving.
- `history` (server/core/estimate_history.py): the wait of the last visitor of the same
  service and class to be called, else a queue length by class.
- `forward` (server/core/estimate_forward.py, the default): the present queue run forward
  through the centre's own policy, with priority visitors and appointments still to come.
  On simulated days it errs least, close to what the visible state allows; the comparison is
  `python -m tests.bench.estimators` (docs/waiting-times.md).

`updated_average` keeps the state's moving average of service times (clamped so one
forgotten "finish" does not wreck it), seeded from the service's `default_service_min`; the
history and forward estimators read today's plain mean instead (server/core/estimate_stats.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from server.core.estimate_forward import Forward
from server.core.estimate_history import History
from server.core.lines import arrival_order
from server.core.waits import MAX_SAMPLE_S, MIN_SAMPLE_S, Estimator, NewKey, Waits

if TYPE_CHECKING:
    from server.core.centre import Centre

__all__ = [
    "DEFAULT",
    "ESTIMATORS",
    "MAX_SAMPLE_S",
    "MIN_SAMPLE_S",
    "Estimator",
    "Forward",
    "History",
    "Naive",
    "NewKey",
    "Waits",
    "expected_wait_s",
    "make",
    "updated_average",
]

ALPHA = 0.2


def updated_average(average_s: float, sample_s: float) -> float:
    sample = min(MAX_SAMPLE_S, max(MIN_SAMPLE_S, sample_s))
    return (1 - ALPHA) * average_s + ALPHA * sample


def expected_wait_s(ahead: int, average_s: float, counters: int) -> int:
    return round(ahead * average_s / max(1, counters))


class Naive:
    """People ahead in arrival order x average service time / counters serving the service.
    Blind to priority: a priority visitor is told the walk-ins' wait."""

    name = "naive"

    def waits(self, centre: Centre, now: datetime) -> Waits:
        tickets: dict[str, int] = {}
        new: dict[NewKey, int] = {}
        classes: list[str | None] = [None, *centre.config.priorities]
        for sid, waiting in centre.waiting.items():
            avg = centre.state.stats[sid].avg_service_s
            counters = centre.counters_serving(sid)
            # Passed-over remote tickets stand in no line until they check in.
            ordered = sorted((t for t in waiting.values() if not t.set_aside), key=arrival_order)
            for ahead, t in enumerate(ordered):
                tickets[t.number] = expected_wait_s(ahead, avg, counters)
            later = sum(1 for t in ordered if t.queued_at > now)
            for p in classes:
                new[(sid, p)] = expected_wait_s(len(ordered) - later, avg, counters)
        return Waits(tickets=tickets, new=new)


ESTIMATORS: dict[str, type[Estimator]] = {"naive": Naive, "history": History, "forward": Forward}
DEFAULT = "forward"


def make(name: str = DEFAULT) -> Estimator:
    return ESTIMATORS[name]()
