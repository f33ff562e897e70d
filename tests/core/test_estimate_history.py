"""The history estimator (server/core/estimate_history.py), worked out by hand: service a
takes 10 min (its default; nobody finished yet), tickets from 9:00, asked at 9:05."""

from __future__ import annotations

from datetime import timedelta

from server.core import commands as c
from server.core.estimate_history import History

SERVICES = [{"id": "a", "prefix": "A", "stop_issuing_min": 0, "default_service_min": 10.0}]


def at(kit, minute: float):
    return kit.riga(2026, 2, 10, 9, 0) + timedelta(minutes=minute)


def test_without_history_the_queue_length_by_class(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a"]})
    for _ in range(3):
        kit.take(centre, at(kit, 0), "a")
    kit.take(centre, at(kit, 1), "a", "senior")
    w = History().waits(centre, at(kit, 5))
    # Two counters (none open: those that could), 5 min a place: a walk-in follows all four.
    assert w.new[("a", None)] == 5 * 300
    # A senior follows only the senior waiting.
    assert w.new[("a", "senior")] == 2 * 300
    assert w.tickets == {"A004": 300, "A001": 300, "A002": 600, "A003": 900}


def test_a_free_counter_means_no_wait_for_the_first_in_line(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a"]})
    kit.take(centre, at(kit, 0), "a")
    for cid in ("c1", "c2"):
        kit.run(centre, c.OpenCounter(counter=cid, clerk=cid), at(kit, 0))
    w = History().waits(centre, at(kit, 5))
    assert w.tickets == {"A001": 0}
    assert w.new[("a", None)] == 0  # the second free counter


def test_the_last_called_of_the_same_class_tells_the_new_one(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"]})
    kit.take(centre, at(kit, 0), "a")
    kit.take(centre, at(kit, 1), "a", "senior")
    kit.take(centre, at(kit, 2), "a")
    for minute, number in ((4, "A002"), (14, "A001")):  # 10 min visits at one counter
        assert kit.call(centre, "c1", at(kit, minute)) == number
        kit.run(centre, c.Finish(counter="c1", ticket=number), at(kit, minute + 10))
    w = History().waits(centre, at(kit, 25))
    assert w.new[("a", "senior")] == 3 * 60  # A002 waited from 9:01 to 9:04
    assert w.new[("a", None)] == 14 * 60  # A001 from 9:00 to 9:14
    # Half an hour later those calls say nothing any more: the queue length again, and c1
    # is free for A003, so a new walk-in is next: one visit.
    later = History().waits(centre, at(kit, 60))
    assert later.tickets == {"A003": 0}
    assert later.new[("a", None)] == 600
