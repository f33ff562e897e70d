"""What the estimators read of today (server/core/estimate_stats.py), by hand: service a's
default is 10 min and counts as three visits; tickets from 9:00."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.core import commands as c
from server.core.estimate_stats import PRIOR_VISITS, today

SERVICES = [{"id": "a", "prefix": "A", "stop_issuing_min": 0, "default_service_min": 10.0}]


def at(kit, minute: float):
    return kit.riga(2026, 2, 10, 9, 0) + timedelta(minutes=minute)


def test_visits_and_no_shows_teach_the_mean_and_tickets_the_rates(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"]})
    for minute in (0, 1, 2):
        kit.take(centre, at(kit, minute), "a")
    kit.take(centre, at(kit, 2.5), "a", "senior")
    assert kit.call(centre, "c1", at(kit, 4)) == "A004"  # the senior
    kit.run(centre, c.Finish(counter="c1", ticket="A004"), at(kit, 24))  # 20 min
    assert kit.call(centre, "c1", at(kit, 24)) == "A001"
    kit.run(centre, c.NoShow(counter="c1", ticket="A001"), at(kit, 26))  # gone: 2 min
    seen = today(centre, at(kit, 30))
    prior = PRIOR_VISITS * 600
    assert seen.means == {"a": pytest.approx((prior + 1200 + 120) / (PRIOR_VISITS + 2))}
    # Four tickets in the first half hour count over an hour at least.
    assert seen.rates == {("a", None): pytest.approx(3 / 3600), ("a", "senior"): 1 / 3600}
    # Later in the day, over the time since the first ticket.
    assert today(centre, at(kit, 120)).rates[("a", None)] == pytest.approx(3 / 7200)
