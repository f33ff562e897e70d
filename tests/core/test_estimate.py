"""The naive estimator (the figure Rinda told before the forward look, kept to compare with):
visitors ahead x average service time / counters serving the service."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.core import commands as c
from server.core.estimate import Naive, expected_wait_s, updated_average

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0, "default_service_min": 10.0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0, "default_service_min": 5.0},
]
COUNTERS = {"c1": ["a"], "c2": ["a", "b"], "c3": ["b"]}


def at(kit, minute: float):
    return kit.riga(2026, 2, 10, 9, 0) + timedelta(minutes=minute)


def queue(kit, centre) -> dict[str, tuple[int, int]]:
    """Per service: people waiting, and the naive wait told to a walk-in taking a ticket."""
    new = Naive().waits(centre, at(kit, 60)).new
    return {sid: (len(w), new[(sid, None)]) for sid, w in centre.waiting.items()}


@pytest.fixture
def centre(kit):
    centre = kit.centre(services=SERVICES, counters=COUNTERS)
    for _ in range(3):
        kit.take(centre, at(kit, 0), "a")
    return centre


def test_the_estimate_uses_the_configured_average_until_visitors_are_served(kit, centre):
    # Nobody open yet: the estimate assumes the two counters that serve "a".
    assert queue(kit, centre) == {"a": (3, 3 * 600 // 2), "b": (0, 0)}


def test_opening_and_pausing_counters_changes_the_estimate(kit, centre):
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 1))
    assert queue(kit, centre)["a"] == (3, 1800)  # one clerk serves three visitors of 10 min
    kit.run(centre, c.OpenCounter(counter="c2", clerk="ben"), at(kit, 1))
    assert queue(kit, centre)["a"] == (3, 900)
    assert queue(kit, centre)["b"] == (0, 0)
    kit.run(centre, c.Pause(counter="c2"), at(kit, 2))
    assert queue(kit, centre)["a"] == (3, 1800)
    kit.run(centre, c.Resume(counter="c2"), at(kit, 3))
    kit.run(centre, c.OpenCounter(counter="c3", clerk="cid"), at(kit, 3))  # serves only "b"
    assert queue(kit, centre)["a"] == (3, 900)


def test_finished_visits_teach_the_average(kit, centre):
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
    assert kit.call(centre, "c1", at(kit, 5)) == "A001"
    assert queue(kit, centre)["a"] == (2, 1200)
    kit.run(centre, c.StartServing(counter="c1", ticket="A001"), at(kit, 6))
    kit.run(centre, c.Finish(counter="c1", ticket="A001"), at(kit, 26))  # served 20 min
    avg = 0.8 * 600 + 0.2 * 1200
    assert centre.state.stats["a"].avg_service_s == pytest.approx(avg)
    assert queue(kit, centre)["a"] == (2, round(2 * avg))
    # Without "start", the visit counts from the call.
    assert kit.call(centre, "c1", at(kit, 30)) == "A002"
    kit.run(centre, c.Finish(counter="c1", ticket="A002"), at(kit, 34))
    avg = 0.8 * avg + 0.2 * 240
    assert centre.state.stats["a"].avg_service_s == pytest.approx(avg)
    assert queue(kit, centre)["a"] == (1, round(avg))
    assert centre.state.stats["a"].served == 2
    assert centre.state.stats["b"].avg_service_s == 300  # other services are untouched


def test_a_visitor_sees_the_wait_for_their_place_in_the_queue(kit, centre):
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
    third = centre.ticket("A003")
    assert centre.ahead_of(third) == 2
    told = Naive().waits(centre, at(kit, 1)).tickets
    assert (told["A003"], told["A001"]) == (1200, 0)


def test_one_forgotten_finish_or_a_misclick_does_not_wreck_the_average():
    assert updated_average(600, 10 * 3600) == pytest.approx(0.8 * 600 + 0.2 * 7200)
    assert updated_average(600, 2) == pytest.approx(0.8 * 600 + 0.2 * 30)
    assert updated_average(600, -5) == pytest.approx(0.8 * 600 + 0.2 * 30)


@pytest.mark.parametrize(
    ("ahead", "avg", "counters", "wait"),
    [(0, 600, 1, 0), (3, 600, 2, 900), (1, 500, 3, 167), (4, 300, 0, 1200)],
)
def test_the_arithmetic_a_manager_can_check(ahead, avg, counters, wait):
    assert expected_wait_s(ahead, avg, counters) == wait
