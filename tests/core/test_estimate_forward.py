"""The forward look (server/core/estimate_forward.py) on small centres worked out by hand.

Every case: tickets taken at 9:00 and after, the estimate asked at 9:05 ("now"); service a
takes 10 min, b 5 min (their configured defaults: nobody has been served yet). Visitors still
to come arrive at today's rate over at least an hour — a few tickets give one every 20 min or
more, joining behind everyone here, so they change none of these figures unless said.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.core import commands as c
from server.core import estimate_forward
from server.core.estimate import DEFAULT, make
from server.core.estimate_forward import PAUSE_S, Forward
from server.core.forward_look import MEDIAN_FIRST

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0, "default_service_min": 10.0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0, "default_service_min": 5.0},
]


def at(kit, minute: float):
    return kit.riga(2026, 2, 10, 9, 0) + timedelta(minutes=minute)


NOW = 5  # minutes past nine


def test_forward_is_what_every_screen_tells():
    assert DEFAULT == "forward"
    assert make().name == "forward"


def test_two_counters_one_line_and_a_priority_visitor_told_less_than_walk_ins(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a"]})
    for _ in range(4):
        kit.take(centre, at(kit, 0), "a")
    for cid in ("c1", "c2"):
        kit.run(centre, c.OpenCounter(counter=cid, clerk=cid), at(kit, 0))
    w = Forward().waits(centre, at(kit, NOW))
    # c1 and c2 call A001 and A002 now and are free again in 10 min, for A003 and A004.
    assert w.tickets == {"A001": 0, "A002": 0, "A003": 600, "A004": 600}
    # At 9:15 a senior taking a ticket now has waited 10 min x weight 3 = 30, more than
    # A003's 15: called first, at once. A walk-in waits for the round after: 20 min.
    assert (w.new[("a", None)], w.new[("a", "senior")]) == (1200, 600)
    # No counter serves b at all: one visit's time is all it can say.
    assert w.new[("b", None)] == 300


def test_a_counter_serving_two_services(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a", "b"], "c2": ["b"]})
    kit.take(centre, at(kit, 0), "a")
    kit.take(centre, at(kit, 1), "b")
    kit.take(centre, at(kit, 2), "b")
    for cid in ("c1", "c2"):
        kit.run(centre, c.OpenCounter(counter=cid, clerk=cid), at(kit, 0))
    w = Forward().waits(centre, at(kit, NOW))
    # c1 takes A001 (waited longest), c2 B001; c2 is free at 9:10 for B002; c1 at 9:15.
    assert w.tickets == {"A001": 0, "B001": 0, "B002": 300}
    # At 9:10 c2 weighs B002 (5 min x 1) against a senior of b (5 min x 3): the senior first.
    # A walk-in of b queues behind B002, and c1, free at 9:15, is the first to reach it,
    # as it is a walk-in of a (equal claims: c1 lists a first) and a senior of a.
    assert w.new == {
        ("a", None): 600,
        ("a", "senior"): 600,
        ("b", None): 600,
        ("b", "senior"): 300,
    }


def test_a_visit_in_progress_counts_what_is_left_of_it(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a"]})
    for _ in range(4):
        kit.take(centre, at(kit, 0), "a")
    kit.call(centre, "c1", at(kit, 1))  # A001 since 9:01
    kit.call(centre, "c2", at(kit, 3))  # A002 since 9:03
    w = Forward().waits(centre, at(kit, NOW))
    # The visit due first ends first; the k-th of m ends k - 1/3 of an average / m from now
    # (the median: see MEDIAN_FIRST), then each counter takes 10 min a visitor.
    first, second = 600 * MEDIAN_FIRST / 2, 600 * (1 + MEDIAN_FIRST) / 2
    assert w.tickets == {"A003": round(first), "A004": round(second)}
    assert w.new[("a", None)] == round(first + 600)
    assert "A001" not in w.tickets and "A002" not in w.tickets


def test_appointments_are_not_called_before_their_time(kit):
    services = [{**SERVICES[0], "booking": {"slot_min": 15}}]
    centre = kit.centre(services=services, counters={"c1": ["a"]})
    kit.book(centre, "a", at(kit, 30), at(kit, 0), "ABCDE2")
    kit.take(centre, at(kit, 1), "a")
    appointment = kit.check_in(centre, "ABCDE2", at(kit, 2)).ticket
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 2))
    w = Forward().waits(centre, at(kit, NOW))
    # The walk-in now (the appointment is not due); the appointment at 9:30, although the
    # counter is free from 9:15 — and a walk-in taking a ticket now is called then.
    assert w.tickets == {"A001": 0, appointment: 25 * 60}
    assert w.new[("a", None)] == 10 * 60


def test_appointments_still_to_come_are_counted_at_their_time(kit):
    services = [{**SERVICES[0], "booking": {"slot_min": 15}}]

    def waits(booked: bool):
        centre = kit.centre(services=services, counters={"c1": ["a"]})
        if booked:
            kit.book(centre, "a", at(kit, 15), at(kit, 0), "ABCDE2")
        kit.take(centre, at(kit, 0), "a")
        kit.take(centre, at(kit, 0), "a")
        kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
        w = Forward().waits(centre, at(kit, NOW))
        return w.tickets, w.new[("a", None)]

    assert waits(booked=False) == ({"A001": 0, "A002": 600}, 1200)
    # The 9:15 appointment, not yet checked in, is due when c1 is free again: with its head
    # start (15 min x 3) it goes before A002 (15 min x 1), and everyone after it waits 10 min
    # more.
    assert waits(booked=True) == ({"A001": 0, "A002": 1200}, 1800)


def test_no_open_counter_assumes_the_counters_that_serve_the_service(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a", "b"]})
    for _ in range(3):
        kit.take(centre, at(kit, 0), "a")
    w = Forward().waits(centre, at(kit, NOW))
    assert w.tickets == {"A001": 0, "A002": 0, "A003": 600}


def test_a_service_nobody_open_serves_is_served_by_its_counters_alone(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a", "b"]})
    kit.take(centre, at(kit, 0), "b")
    kit.take(centre, at(kit, 0), "b")
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
    w = Forward().waits(centre, at(kit, NOW))
    # c2 is closed: assumed to come for b (only b: a has c1), one visitor every 5 min.
    assert w.tickets == {"B001": 0, "B002": 300}
    assert w.new[("b", None)] == 600


def test_a_paused_counter_comes_back_after_a_usual_pause(kit):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"], "c2": ["a"]})
    kit.take(centre, at(kit, 0), "a")
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
    kit.run(centre, c.Pause(counter="c1"), at(kit, 2))
    w = Forward().waits(centre, at(kit, NOW))
    # c2 is closed and c1 paused 3 min ago: back when a usual pause has passed.
    assert w.tickets == {"A001": round(PAUSE_S - 180)}


def test_priority_visitors_still_to_come_delay_the_walk_ins(kit):
    def centre_with(seniors: int):
        centre = kit.centre(services=SERVICES, counters={"c1": ["a", "b"], "c2": ["b"]})
        # From 8:00 a senior of b every 5 min, each served in 5 min at c2, closed at 9:00.
        for i in range(seniors):
            kit.take(centre, at(kit, -60 + 5 * i), "b", "senior")
            number = kit.call(centre, "c2", at(kit, -60 + 5 * i))
            assert number is not None
            kit.run(centre, c.Finish(counter="c2", ticket=number), at(kit, -55 + 5 * i))
        if seniors:
            kit.run(centre, c.CloseCounter(counter="c2"), at(kit, 0))
        kit.take(centre, at(kit, 0), "a")
        kit.take(centre, at(kit, 0), "a")
        kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
        return Forward().waits(centre, at(kit, NOW)).tickets

    assert centre_with(seniors=0) == {"A001": 0, "A002": 600}
    # Twelve seniors in the 65 min since 8:00: one every 325 s, the first still to come at
    # 9:05 + 2/3 x 325 s. At 9:15, when c1 is free again, that senior has waited 383 s x 3,
    # more than A002's 15 min: served first (5 min), and A002 at 9:20.
    assert centre_with(seniors=12) == {"A001": 0, "A002": 900}


@pytest.mark.parametrize("name", ["naive", "history", "forward"])
def test_every_estimator_answers_for_every_waiting_ticket_and_class(kit, name):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a", "b"]})
    numbers = [kit.take(centre, at(kit, 0), sid) for sid in ("a", "b", "a")]
    w = make(name).waits(centre, at(kit, NOW))
    assert set(w.tickets) == set(numbers)
    assert set(w.new) == {(s, p) for s in ("a", "b") for p in (None, "senior")}
    assert all(v >= 0 for v in [*w.tickets.values(), *w.new.values()])


def test_beyond_its_budget_a_line_goes_on_at_the_pace_it_had(kit, monkeypatch):
    centre = kit.centre(services=SERVICES, counters={"c1": ["a"]}, priorities={})
    for _ in range(6):
        kit.take(centre, at(kit, 0), "a")
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), at(kit, 0))
    full = Forward().waits(centre, at(kit, NOW))
    assert full.tickets == {f"A00{i + 1}": 600 * i for i in range(6)}
    assert full.new == {("a", None): 3600, ("b", None): 300}
    # Three calls' worth of work: A001-A003 called, then one every 10 min from 9:35.
    monkeypatch.setattr(estimate_forward, "BUDGET", 3)
    assert Forward().waits(centre, at(kit, NOW)) == full
