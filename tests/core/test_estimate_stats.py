"""What the estimators read of today (server/core/estimate_stats.py), by hand: service a's
default is 10 min and counts as three visits; tickets from 9:00."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.core import commands as c
from server.core.centre import Centre
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


def test_the_tally_kept_live_is_the_one_rebuilt_after_a_restart(kit):
    """A restarted server rebuilds today's sums from its tickets: it must tell what the running
    one told. A no-show called back and served counts once, with its served visit; a visit
    ended by a transfer counts with the finish at its new service."""
    services = [*SERVICES, {"id": "b", "prefix": "B", "stop_issuing_min": 0}]
    centre = kit.centre(services=services, counters={"c1": ["a", "b"]})
    kit.take(centre, at(kit, 0), "b", "senior")
    for minute in (1, 1.5):
        kit.take(centre, at(kit, minute), "a")
    assert kit.call(centre, "c1", at(kit, 2)) == "B001"
    kit.run(centre, c.Finish(counter="c1", ticket="B001"), at(kit, 9))
    assert kit.call(centre, "c1", at(kit, 9)) == "A001"
    kit.run(centre, c.NoShow(counter="c1", ticket="A001"), at(kit, 11))
    kit.run(centre, c.CallTicket(counter="c1", ticket="A001"), at(kit, 12))
    kit.run(centre, c.Finish(counter="c1", ticket="A001"), at(kit, 20))
    assert kit.call(centre, "c1", at(kit, 20)) == "A002"
    kit.run(centre, c.Transfer(counter="c1", ticket="A002", service="b"), at(kit, 25))
    assert kit.call(centre, "c1", at(kit, 25)) == "A002"
    kit.run(centre, c.Finish(counter="c1", ticket="A002"), at(kit, 31))
    live = today(centre, at(kit, 40))
    rebuilt = today(Centre(centre.config, centre.state), at(kit, 40))
    assert live == rebuilt
    prior = PRIOR_VISITS * 600
    # a: A001's 8 min (its 2-min no-show taken back); b: B001's 7 min and A002's 6 min there.
    assert live.means["a"] == pytest.approx((prior + 480) / (PRIOR_VISITS + 1))
    assert live.means["b"] == pytest.approx((prior + 420 + 360) / (PRIOR_VISITS + 2))
