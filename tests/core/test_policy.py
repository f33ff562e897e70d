"""Who is called next: priority categories, counter preferences, and nobody waiting forever."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core import commands as c
from server.core.centre import Centre
from server.core.model import Ticket
from server.core.policy import Accumulating, Fifo, Strict

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
]
PRIORITIES = {"senior": 3.0, "expecting": 1.5}


def at(kit, minute: float):
    return kit.riga(2026, 2, 10, 9, 0) + timedelta(minutes=minute)


@pytest.fixture(scope="module")
def weighted(kit):
    """c1 serves a and b and prefers b twice over; c2 serves b then a, evenly."""
    return kit.config(
        services=SERVICES,
        priorities=PRIORITIES,
        counters={"c1": ["a", "b"], "c2": ["b", "a"]},
        weights={"c1": {"b": 2.0}},
    )


def ratio(config) -> float:
    priority = [1.0, *(p.weight for p in config.priorities.values())]
    counter = [k.weight(s) for k in config.counters.values() for s in k.services]
    return (max(priority) * max(counter)) / (min(priority) * min(counter))


waits = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from([None, "senior", "expecting"]),
        st.integers(0, 8 * 3600),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(waits=waits, counter=st.sampled_from(["c1", "c2"]))
def test_accumulating_never_lets_anyone_pass_a_ticket_waiting_r_times_longer(
    kit, weighted, waits, counter
):
    """policy.py's promise: Y passes X only if w_y >= w_x / R, R = max/min weight product."""
    now = at(kit, 600)
    tickets = [
        Ticket(
            number=f"{service.upper()}{i:03d}",
            service=service,
            priority=priority,
            lang="lv",
            token="t",
            taken_at=now - timedelta(seconds=w),
            queued_at=now - timedelta(seconds=w),
        )
        for i, (service, priority, w) in enumerate(waits, start=1)
    ]
    k = weighted.counters[counter]
    policy = Accumulating()
    picked = policy.pick(tickets, k, weighted.priorities, now)
    assert picked is not None
    r = ratio(weighted)
    assert r == 6.0  # 3.0 (senior) x 2.0 (c1 likes b) / (1.0 x 1.0)
    w_y = (now - picked.queued_at).total_seconds()
    for t in tickets:
        assert w_y * r >= (now - t.queued_at).total_seconds()
        assert policy.claim(picked, k, weighted.priorities, now) >= policy.claim(
            t, k, weighted.priorities, now
        )


def starve(kit, policy: str, arrivals: int = 60) -> list[str]:
    """One counter; a regular visitor R arrives at 09:00, then a senior every minute, each
    served in a minute. Returns the call order."""
    centre = kit.centre(services=SERVICES[:1], priorities={"senior": 3.0}, policy=policy)
    assert kit.take(centre, at(kit, 0)) == "A001"
    order = []
    for i in range(arrivals):
        kit.take(centre, at(kit, i + 0.25), priority="senior")
        order.append(kit.serve(centre, "c1", at(kit, i + 0.75)))
    return order


def test_strict_priority_starves_a_regular_visitor_on_a_busy_day(kit):
    order = starve(kit, "strict")
    assert "A001" not in order  # an hour of calls, and the 09:00 visitor is still waiting
    assert len(set(order)) == 60


def test_accumulating_priority_calls_the_regular_visitor_within_a_few_calls(kit):
    order = starve(kit, "accumulating")
    # R's claim (wait x 1) passes a fresh senior's (30 s x 3 = 90) at the second call.
    assert order.index("A001") == 1
    assert order.count("A001") == 1


def test_a_senior_overtakes_only_who_waited_less_than_three_times_as_long(kit):
    for senior_at, first in ((15, "A001"), (12, "A002")):
        centre = kit.centre(services=SERVICES[:1], priorities={"senior": 3.0})
        kit.take(centre, at(kit, 0))
        kit.take(centre, at(kit, senior_at), priority="senior")
        # At 09:20 A001 has waited 20 min; the senior 5 min (claim 15) or 8 min (claim 24).
        assert kit.call(centre, "c1", at(kit, 20)) == first


@pytest.mark.parametrize(("policy", "first"), [("strict", "A002"), ("fifo", "A001")])
def test_strict_serves_priority_first_and_fifo_ignores_it(kit, policy, first):
    centre = kit.centre(services=SERVICES[:1], priorities={"senior": 3.0}, policy=policy)
    kit.take(centre, at(kit, 0))
    kit.take(centre, at(kit, 59), priority="senior")
    assert kit.call(centre, "c1", at(kit, 60)) == first


def test_a_counter_weight_makes_it_prefer_a_service(kit, weighted):
    """c1 weighs b twice: a B ticket waiting 6 min (claim 12) beats an A waiting 10 (10)."""
    centre = Centre(weighted)
    kit.take(centre, at(kit, 0), "a")
    kit.take(centre, at(kit, 4), "b")
    assert kit.call(centre, "c1", at(kit, 10)) == "B001"
    centre = Centre(weighted)
    kit.take(centre, at(kit, 0), "a")
    kit.take(centre, at(kit, 6), "b")  # B waited 4 min: claim 8 < 10
    assert kit.call(centre, "c1", at(kit, 10)) == "A001"


def test_a_priority_visitor_counts_at_a_counter_as_one_of_its_own(kit, weighted):
    """c1 weighs b twice; a senior (3.0) of a counts there at c1's largest weight, 2: after
    4 min (claim 4 x 3 x 2 = 24) it goes before a B walk-in who waited 10 (claim 20), where
    the bare service weight (claim 12) would have let the B walk-in go first."""
    centre = Centre(weighted)
    kit.take(centre, at(kit, 0), "b")
    kit.take(centre, at(kit, 6), "a", priority="senior")
    assert kit.call(centre, "c1", at(kit, 10)) == "A001"
    centre = Centre(weighted)
    kit.take(centre, at(kit, 0), "b")
    kit.take(centre, at(kit, 7), "a", priority="senior")  # 3 min: claim 18 < 20
    assert kit.call(centre, "c1", at(kit, 10)) == "B001"


@pytest.mark.parametrize("policy", ["accumulating", "strict", "fifo"])
def test_on_a_tie_the_service_listed_first_at_the_counter_wins(kit, policy):
    centre = kit.centre(
        services=SERVICES, counters={"c1": ["a", "b"], "c2": ["b", "a"]}, policy=policy
    )
    kit.take(centre, at(kit, 0), "b")
    kit.take(centre, at(kit, 0), "a")
    kit.take(centre, at(kit, 0), "b")
    kit.take(centre, at(kit, 0), "a")
    assert kit.call(centre, "c1", at(kit, 5)) == "A001"
    assert kit.call(centre, "c2", at(kit, 5)) == "B001"


@pytest.mark.parametrize("cls", [Accumulating, Strict, Fifo])
def test_nobody_waiting_means_nobody_is_called(kit, weighted, cls):
    assert cls().pick([], weighted.counters["c1"], weighted.priorities, at(kit, 0)) is None
    centre = kit.centre(services=SERVICES, policy=cls.name)
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
    assert kit.run(centre, c.CallNext(counter="c1"), at(kit, 1)) == []
