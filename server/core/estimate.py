"""Expected waits: what Rinda tells a visitor, the same figure on every screen.

An `Estimator` reads the centre (waiting lines, counters open and what each serves, the
policy, service times observed today) and answers, in seconds from `now`:

- `Waits.tickets`: for every waiting ticket, how long until it is called;
- `Waits.new`: per (service, priority id or None), how long a visitor taking a ticket now
  would wait — what the kiosk shows before the tap and what the ticket then says.

The server computes one `Waits` per queue round (server/net/owner.py) and every screen reads
that; the simulator (server/sim/) calls estimators at each ticket to measure their errors.
Estimators are pure: same centre, same `now`, same answer.

The service-time average is a moving average of real service times (clamped so one
forgotten "finish" does not wreck it), seeded from the service's `default_service_min`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from server.core.centre import Centre

ALPHA = 0.2
MIN_SAMPLE_S = 30.0
MAX_SAMPLE_S = 2 * 3600.0

NewKey = tuple[str, str | None]


def updated_average(average_s: float, sample_s: float) -> float:
    sample = min(MAX_SAMPLE_S, max(MIN_SAMPLE_S, sample_s))
    return (1 - ALPHA) * average_s + ALPHA * sample


@dataclass(frozen=True)
class Waits:
    # Waiting ticket number -> seconds until it is called.
    tickets: dict[str, int]
    # (service id, priority id or None) -> seconds for a walk-in taking a ticket now.
    new: dict[NewKey, int]


class Estimator(Protocol):
    name: str

    def waits(self, centre: Centre, now: datetime) -> Waits: ...


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
            ordered = sorted(waiting.values(), key=lambda t: (not t.front, t.queued_at, t.number))
            for ahead, t in enumerate(ordered):
                tickets[t.number] = expected_wait_s(ahead, avg, counters)
            later = sum(1 for t in ordered if t.queued_at > now)
            for p in classes:
                new[(sid, p)] = expected_wait_s(len(ordered) - later, avg, counters)
        return Waits(tickets=tickets, new=new)


# The other estimators import Waits from here, so they are registered after it exists.
from server.core.estimate_forward import Forward  # noqa: E402
from server.core.estimate_history import History  # noqa: E402

ESTIMATORS: dict[str, type[Estimator]] = {"naive": Naive, "history": History, "forward": Forward}
DEFAULT = "forward"


def make(name: str = DEFAULT) -> Estimator:
    return ESTIMATORS[name]()
