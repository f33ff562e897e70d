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

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

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


def today(centre: Centre, now: datetime) -> Today:
    """One pass over today's tickets (an estimate runs on every queue change)."""
    services = centre.config.services
    total = {sid: PRIOR_VISITS * s.default_service_min * 60 for sid, s in services.items()}
    n = dict.fromkeys(total, PRIOR_VISITS)
    counts: dict[tuple[str, str | None], int] = {}
    first = now
    for t in centre.state.tickets.values():
        # A no-show takes the counter's time too, from the call until the clerk gives up.
        if t.ended_at is not None and t.status in ("done", "no_show") and t.service in total:
            began = t.served_at or t.called_at or t.ended_at
            took = (t.ended_at - began).total_seconds()
            total[t.service] += min(MAX_SAMPLE_S, max(MIN_SAMPLE_S, took))
            n[t.service] += 1
        if t.booking is None and t.taken_at <= now:
            key = (t.service, t.priority)
            counts[key] = counts.get(key, 0) + 1
            first = min(first, t.taken_at)
    window = max(MIN_RATE_WINDOW_S, (now - first).total_seconds())
    return Today(
        means={sid: total[sid] / n[sid] for sid in total},
        rates={key: c / window for key, c in counts.items()},
    )
