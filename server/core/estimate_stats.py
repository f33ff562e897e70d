"""What the estimators read of today beyond the queue: service times and arrival rates.

Service times: the state's moving average (server/core/estimate.py `updated_average`,
weight 0.2 on the newest visit) follows the day quickly but scatters by a third of itself
when visits vary as much as they do, and every estimate scatters with it. The estimators use
the plain mean of today's visits instead, starting from the configured default as if it were
a few visits already seen, so the first visits of the morning do not swing it. Visitors who
were called and did not come count with the time the counter spent waiting for them: a
queue with a few no-shows in it moves faster than its visits alone say.

Arrivals: today's walk-in tickets per service and class over the time since the first, that
time at least an hour, so two tickets in the first minute are not taken for a rush.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from server.config import CentreConfig
from server.core import events as ev
from server.core.model import State, Ticket
from server.core.waits import MAX_SAMPLE_S, MIN_SAMPLE_S

if TYPE_CHECKING:
    from server.core.centre import Centre

# The configured default counts as this many visits.
PRIOR_VISITS = 3
MIN_RATE_WINDOW_S = 3600.0


@dataclass(frozen=True)
class Today:
    # Service id -> seconds of a counter's time a visitor called takes (no-shows included).
    means: dict[str, float]
    # (service id, priority id or None) -> walk-ins per second so far today.
    rates: dict[tuple[str, str | None], float]


class DayTally:
    """Today's sums behind `Today`, kept as events are applied (Centre.apply), so an estimate
    on every queue change costs nothing per ticket of the day; rebuilt from the state's
    tickets when a Centre is made, and the two always agree: a walk-in counts as an arrival
    of the service it is in now (a transfer moves it), and a visit's counter time once it
    ends, a no-show's until it is called back (then its finish counts instead)."""

    def __init__(self, config: CentreConfig, tickets: Iterable[Ticket]) -> None:
        self.config = config
        self.clear()
        for t in tickets:
            self._taken(t)
            if t.ended_at is not None and t.status in ("done", "no_show"):
                self._ended(t, t.ended_at)

    def clear(self) -> None:
        services = self.config.services
        self.time_s = {
            sid: PRIOR_VISITS * s.default_service_min * 60 for sid, s in services.items()
        }
        self.visits = dict.fromkeys(self.time_s, PRIOR_VISITS)
        self.arrivals: dict[tuple[str, str | None], int] = {}
        self.first: datetime | None = None
        # No-shows counted so far, by number: (service, seconds), taken back on a call back.
        self.no_shows: dict[str, tuple[str, float]] = {}
        # Walk-ins counted so far, by number: the arrival key a transfer moves.
        self.counted: dict[str, tuple[str, str | None]] = {}

    def apply(self, e: ev.AnyEvent, state: State) -> None:
        match e:
            case ev.DayRolled():
                self.clear()
            case ev.TicketTaken():
                self._taken(state.tickets[e.ticket])
            case ev.TicketCalled() if e.ticket in self.no_shows:
                sid, took = self.no_shows.pop(e.ticket)
                self.time_s[sid] -= took
                self.visits[sid] -= 1
            case ev.TicketFinished() | ev.TicketNoShow():
                self._ended(state.tickets[e.ticket], e.at)
            case ev.TicketTransferred() if e.ticket in self.counted:
                self.arrivals[self.counted.pop(e.ticket)] -= 1
                self._taken(state.tickets[e.ticket])

    def _taken(self, t: Ticket) -> None:
        if t.booking is None:
            key = self.counted[t.number] = (t.service, t.priority)
            self.arrivals[key] = self.arrivals.get(key, 0) + 1
            self.first = t.taken_at if self.first is None else min(self.first, t.taken_at)

    def _ended(self, t: Ticket, at: datetime) -> None:
        # A no-show takes the counter's time too, from the call until the clerk gives up.
        if t.service in self.time_s:
            began = t.served_at or t.called_at or at
            took = min(MAX_SAMPLE_S, max(MIN_SAMPLE_S, (at - began).total_seconds()))
            self.time_s[t.service] += took
            self.visits[t.service] += 1
            if t.status == "no_show":
                self.no_shows[t.number] = (t.service, took)


def today(centre: Centre, now: datetime) -> Today:
    tally = centre.tally
    first = tally.first or now
    window = max(MIN_RATE_WINDOW_S, (now - first).total_seconds())
    return Today(
        means={sid: tally.time_s[sid] / tally.visits[sid] for sid in tally.time_s},
        rates={key: n / window for key, n in tally.arrivals.items() if n},
    )
