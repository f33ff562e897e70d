"""What the estimators read of today beyond the queue: service times observed per service.

The state's moving average (server/core/estimate.py `updated_average`, weight 0.2 on the
newest visit) follows the day quickly but scatters by a third of itself when visits vary as
much as they do, and every estimate scatters with it. The estimators use the plain mean of
today's visits instead, starting from the configured default as if it were a few visits
already seen, so the first visits of the morning do not swing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from server.core.estimate import MAX_SAMPLE_S, MIN_SAMPLE_S

if TYPE_CHECKING:
    from server.core.centre import Centre

# The configured default counts as this many visits.
PRIOR_VISITS = 3


def service_means(centre: Centre) -> dict[str, float]:
    """Per service, seconds a visit takes: today's finished visits and the default."""
    total = {
        sid: PRIOR_VISITS * s.default_service_min * 60 for sid, s in centre.config.services.items()
    }
    n = dict.fromkeys(total, PRIOR_VISITS)
    for t in centre.state.tickets.values():
        if t.status == "done" and t.ended_at is not None and t.service in total:
            began = t.served_at or t.called_at or t.ended_at
            took = (t.ended_at - began).total_seconds()
            total[t.service] += min(MAX_SAMPLE_S, max(MIN_SAMPLE_S, took))
            n[t.service] += 1
    return {sid: total[sid] / n[sid] for sid in total}
