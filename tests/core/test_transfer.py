"""Transfers: a visitor sent on to another service keeps their arrival, or goes to the front."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest

from server.core import commands as c
from server.core.centre import Centre
from server.core.model import State
from tests.core.derived import queue

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
]
COUNTERS = {"c1": ["a"], "c2": ["a", "b"], "c3": ["b"]}
POLICIES = ["accumulating", "strict", "fifo"]


def at(kit, minute):
    """09:00 Riga time on Tuesday 10.02.2026, plus `minute` minutes."""
    return kit.riga(2026, 2, 10, 9, 0) + timedelta(minutes=minute)


def queue_with_b001_transferred(kit, policy, keep_arrival):
    """A001 09:00, B001 09:02, A002 09:05, A003 09:10; c3 calls B001 and sends it to "a"."""
    centre = kit.centre(services=SERVICES, counters=COUNTERS, policy=policy)
    for minute, service in ((0, "a"), (2, "b"), (5, "a"), (10, "a")):
        kit.take(centre, at(kit, minute), service)
    assert kit.call(centre, "c3", at(kit, 13)) == "B001"
    kit.run(centre, c.StartServing(counter="c3", ticket="B001"), at(kit, 14))
    cmd = c.Transfer(
        counter="c3", ticket="B001", service="a", keep_arrival=keep_arrival, note="needs a"
    )
    kit.run(centre, cmd, at(kit, 20))
    return centre


def call_order(kit, centre, counter="c1", start=30):
    order = []
    while (number := kit.serve(centre, counter, at(kit, start + len(order)))) is not None:
        order.append(number)
    return order


@pytest.mark.parametrize("policy", POLICIES)
def test_keep_arrival_queues_by_the_original_arrival(kit, policy):
    centre = queue_with_b001_transferred(kit, policy, keep_arrival=True)
    t = centre.ticket("B001")
    assert (t.service, t.status, t.counter, t.note) == ("a", "waiting", None, "needs a")
    assert t.called_at is None and t.served_at is None
    assert centre.state.counters["c3"].ticket is None
    assert queue(centre)["a"][0] == 4 and queue(centre)["b"][0] == 0
    assert [centre.ahead_of(centre.ticket(n)) for n in ("A001", "B001", "A002", "A003")] == [
        0,
        1,
        2,
        3,
    ]
    assert call_order(kit, centre) == ["A001", "B001", "A002", "A003"]


@pytest.mark.parametrize("policy", POLICIES)
def test_to_the_front_is_called_before_everyone_who_waits(kit, policy):
    centre = queue_with_b001_transferred(kit, policy, keep_arrival=False)
    assert centre.ticket("B001").front
    assert centre.ahead_of(centre.ticket("B001")) == 0
    assert centre.ahead_of(centre.ticket("A001")) == 1
    assert centre.ahead_of(centre.ticket("A003")) == 3
    assert call_order(kit, centre) == ["B001", "A001", "A002", "A003"]


def test_the_front_goes_first_even_past_a_long_priority_wait(kit):
    centre = queue_with_b001_transferred(kit, "accumulating", keep_arrival=False)
    kit.take(centre, at(kit, 21), "a", priority="senior")
    # Hours later the senior visitor's claim is far larger, yet the front still goes first.
    assert call_order(kit, centre, start=200)[0] == "B001"


def test_keep_arrival_after_a_front_transfer_returns_to_the_arrival(kit):
    """B001 arrives 09:02, is sent to the front of "a" at 09:20, then on to "b" keeping its
    arrival: in "b" it is ahead of B002, who arrived at 09:10."""
    centre = kit.centre(services=SERVICES, counters=COUNTERS)
    for minute, service in ((0, "a"), (2, "b"), (10, "b")):
        kit.take(centre, at(kit, minute), service)
    assert kit.call(centre, "c3", at(kit, 13)) == "B001"
    front = c.Transfer(counter="c3", ticket="B001", service="a", keep_arrival=False)
    kit.run(centre, front, at(kit, 20))
    assert kit.call(centre, "c1", at(kit, 21)) == "B001"
    kit.run(centre, c.Transfer(counter="c1", ticket="B001", service="b"), at(kit, 25))
    t = centre.ticket("B001")
    assert not t.front and t.queued_at == t.taken_at == at(kit, 2)
    assert centre.ahead_of(t) == 0 and centre.ahead_of(centre.ticket("B002")) == 1
    assert call_order(kit, centre, "c3") == ["B001", "B002"]


def test_a_snapshot_picks_the_same_ticket_when_two_fronts_tie(kit):
    """Two clerks send visitors to the front in the same instant; a server restarted from a
    snapshot must then call the same one as the server that kept running."""
    centre = kit.centre(services=SERVICES, counters=COUNTERS)
    kit.take(centre, at(kit, 0))
    kit.take(centre, at(kit, 1))
    assert kit.call(centre, "c1", at(kit, 2)) == "A001"
    assert kit.call(centre, "c2", at(kit, 2)) == "A002"
    for counter, number in (("c2", "A002"), ("c1", "A001")):
        cmd = c.Transfer(counter=counter, ticket=number, service="a", keep_arrival=False)
        kit.run(centre, cmd, at(kit, 5))
    state = msgspec.json.decode(msgspec.json.encode(centre.state), type=State)
    restored = Centre(centre.config, state)
    call = c.CallNext(counter="c1")
    assert restored.decide(call, at(kit, 6)) == centre.decide(call, at(kit, 6))
