"""Joining the queue from home (server/core/remote.py): a remote ticket waits "not here yet",
is passed over by call_next while not here, is called after its check-in by its join time,
and lapses when the grace after its turn ends without one. Refusals change nothing."""

from __future__ import annotations

from datetime import datetime

import msgspec
import pytest

from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.centre import Centre
from server.core.model import State

REMOTE = """
[remote]
enabled = true
services = ["a"]
max_waiting = 2
stop_before_close_min = 60
grace_min = 15
"""
SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 15, "booking": {"slot_min": 20}},
    {"id": "b", "prefix": "B", "stop_issuing_min": 15},
]


@pytest.fixture
def centre(kit) -> Centre:
    return kit.centre(
        services=SERVICES, counters={"c1": ["a", "b"]}, hours=kit.OFFICE, extra=REMOTE
    )


def at(kit, h: int, mi: int = 0, sec: int = 0) -> datetime:
    return kit.riga(2026, 2, 10, h, mi, sec)  # a Tuesday, open 08:00-17:00


def join(kit, centre: Centre, now: datetime, code: str = "RMT234", service: str = "a") -> str:
    cmd = c.JoinQueue(service=service, token=f"t{code}", code=code, device="web")
    (taken,) = kit.run(centre, cmd, now)
    assert isinstance(taken, ev.TicketTaken) and taken.remote and taken.code == code
    return taken.ticket


def arrive(kit, centre: Centre, code: str, now: datetime) -> list[ev.AnyEvent]:
    return kit.run(centre, c.CheckIn(code=code, token="kiosk-tok", device="kiosk1"), now)


def call(kit, centre: Centre, now: datetime) -> list[ev.AnyEvent]:
    if centre.state.counters["c1"].status == "closed":
        kit.run(centre, c.OpenCounter(counter="c1", clerk="anna"), now)
    return kit.run(centre, c.CallNext(counter="c1"), now)


def test_a_remote_ticket_is_passed_over_until_it_checks_in(kit, centre: Centre) -> None:
    remote = join(kit, centre, at(kit, 9))
    walk_in = kit.take(centre, at(kit, 9, 10))
    assert centre.state.tickets[remote].absent
    # Its turn comes first (it joined first), but it is not here: the walk-in is called.
    events = call(kit, centre, at(kit, 9, 20))
    assert [type(e) for e in events] == [ev.TurnPassed, ev.TicketCalled]
    assert isinstance(events[1], ev.TicketCalled) and events[1].ticket == walk_in
    assert centre.state.tickets[remote].set_aside
    kit.run(centre, c.Finish(counter="c1", ticket=walk_in), at(kit, 9, 25))
    # Nobody here: nobody is called, and the set-aside ticket is not passed again.
    assert call(kit, centre, at(kit, 9, 26)) == []
    # It checks in within its grace and, having waited since 09:00, is called before a
    # walk-in who came at 09:27.
    later = kit.take(centre, at(kit, 9, 27))
    (arrived,) = arrive(kit, centre, "RMT234", at(kit, 9, 30))
    assert isinstance(arrived, ev.TicketArrived) and arrived.ticket == remote
    (called,) = call(kit, centre, at(kit, 9, 31))
    assert isinstance(called, ev.TicketCalled) and called.ticket == remote
    assert later in centre.waiting["a"]


def test_checked_in_before_its_turn_it_queues_by_its_join_time(kit, centre: Centre) -> None:
    remote = join(kit, centre, at(kit, 9))
    kit.take(centre, at(kit, 9, 10))
    arrive(kit, centre, "RMT234", at(kit, 9, 40))
    (called,) = call(kit, centre, at(kit, 9, 41))
    assert isinstance(called, ev.TicketCalled) and called.ticket == remote


def test_a_passed_over_ticket_lapses_after_its_grace(kit, centre: Centre) -> None:
    remote = join(kit, centre, at(kit, 9))
    call(kit, centre, at(kit, 9, 5))
    assert kit.run(centre, c.LapseRemote(), at(kit, 9, 20)) == []
    (lapsed,) = kit.run(centre, c.LapseRemote(), at(kit, 9, 20, 1))
    assert isinstance(lapsed, ev.TicketLapsed) and lapsed.ticket == remote
    t = centre.state.tickets[remote]
    assert t.status == "no_show" and t.ended_at == at(kit, 9, 20, 1)
    again = c.CheckIn(code="RMT234", token="k", device="kiosk1")
    e = kit.rejected(centre, again, at(kit, 9, 30), err.PlaceLapsed)
    assert remote in e.message and "new ticket" in e.message


def test_a_ticket_never_passed_does_not_lapse(kit, centre: Centre) -> None:
    join(kit, centre, at(kit, 9))
    assert kit.run(centre, c.LapseRemote(), at(kit, 12)) == []


def test_refusals_change_nothing(kit, centre: Centre) -> None:
    now = at(kit, 9)
    kit.run(centre, c.RollDay(), now)

    def refused(cmd: c.JoinQueue, when: datetime, error: type[err.DomainError]) -> str:
        return kit.rejected(centre, cmd, when, error).message

    def one(code: str, service: str = "a") -> c.JoinQueue:
        return c.JoinQueue(service=service, token=f"t{code}", code=code, device="web")

    assert "not offered" in refused(one("BBB234", "b"), now, err.RemoteOff)
    assert "stopped for today" in refused(one("LATE23"), at(kit, 15, 46), err.ServiceClosed)
    assert "not issuing" in refused(one("SHUT23"), at(kit, 18), err.ServiceClosed)
    join(kit, centre, now, "ONE234")
    assert "in use" in refused(one("ONE234"), now, err.CodeTaken)
    join(kit, centre, now, "TWO234")
    assert "All 2 places" in refused(one("THR234"), now, err.RemoteFull)
    # A check-in frees a place under the cap.
    arrive(kit, centre, "ONE234", now)
    join(kit, centre, now, "THR234")


def test_a_checked_in_ticket_cannot_check_in_again(kit, centre: Centre) -> None:
    join(kit, centre, at(kit, 9))
    arrive(kit, centre, "RMT234", at(kit, 9, 5))
    cmd = c.CheckIn(code="RMT234", token="k", device="kiosk1")
    assert "already" in kit.rejected(centre, cmd, at(kit, 9, 6), err.BookingClosed).message


def test_remote_joining_is_off_unless_configured(kit) -> None:
    plain = kit.centre(services=SERVICES, counters={"c1": ["a", "b"]}, hours=kit.OFFICE)
    kit.run(plain, c.RollDay(), at(kit, 9))
    cmd = c.JoinQueue(service="a", token="t", code="ABC234", device="web")
    kit.rejected(plain, cmd, at(kit, 9), err.RemoteOff)


def test_one_call_passes_every_remote_ticket_whose_turn_came(kit) -> None:
    roomy = REMOTE.replace("max_waiting = 2", "max_waiting = 5")
    centre = kit.centre(
        services=SERVICES, counters={"c1": ["a", "b"]}, hours=kit.OFFICE, extra=roomy
    )
    first = join(kit, centre, at(kit, 9), "ONE234")
    second = join(kit, centre, at(kit, 9, 1), "TWO234")
    walk_in = kit.take(centre, at(kit, 9, 2))
    third = join(kit, centre, at(kit, 9, 3), "THR234")
    events = call(kit, centre, at(kit, 9, 4))
    # Both who joined before the walk-in had their turn; the one after did not.
    assert [(type(e), e.ticket) for e in events if not isinstance(e, ev.CounterOpened)] == [
        (ev.TurnPassed, first),
        (ev.TurnPassed, second),
        (ev.TicketCalled, walk_in),
    ]
    t = centre.state.tickets
    assert t[first].set_aside and t[second].set_aside and not t[third].set_aside
    # Passed over, they still wait (for their check-in): counted, but in no line.
    assert set(centre.waiting["a"]) == {first, second, third}
    assert [x.number for x in centre.lines.heads(["a"])] == [third]


def test_the_state_survives_a_snapshot(kit, centre: Centre) -> None:
    passed = join(kit, centre, at(kit, 9), "PAS234")
    walk_in = kit.take(centre, at(kit, 9, 1))
    waiting = join(kit, centre, at(kit, 9, 2), "WAI234")
    call(kit, centre, at(kit, 9, 3))
    data = msgspec.json.encode(centre.state)
    again = Centre(centre.config, msgspec.json.decode(data, type=State))
    kept = again.state.tickets
    assert kept[passed].set_aside and kept[waiting].absent and not kept[waiting].set_aside
    assert set(again.waiting["a"]) == set(centre.waiting["a"]) == {passed, waiting}
    assert [x.number for x in again.lines.heads(["a"])] == [waiting]
    # The restored centre passes over the next remote ticket the same way.
    kit.run(again, c.Finish(counter="c1", ticket=walk_in), at(kit, 9, 4))
    events = kit.run(again, c.CallNext(counter="c1"), at(kit, 9, 5))
    assert events == [ev.TurnPassed(at=at(kit, 9, 5), ticket=waiting, counter="c1")]


def test_call_ticket_by_number_counts_the_visitor_as_here(kit, centre: Centre) -> None:
    remote = join(kit, centre, at(kit, 9))
    kit.run(centre, c.OpenCounter(counter="c1", clerk="anna"), at(kit, 9, 1))
    kit.run(centre, c.CallTicket(counter="c1", ticket=remote), at(kit, 9, 2))
    assert not centre.state.tickets[remote].absent
    kit.run(centre, c.Transfer(counter="c1", ticket=remote, service="b"), at(kit, 9, 3))
    assert centre.state.tickets[remote] in centre.lines.heads(["b"])


def test_a_booking_never_takes_the_code_of_a_remote_ticket(kit, centre: Centre) -> None:
    join(kit, centre, at(kit, 9), "RMT234")
    same = c.Book(service="a", start=at(kit, 10), booking="b1", code="RMT234", secret="s", by="web")
    kit.rejected(centre, same, at(kit, 9, 1), err.CodeTaken)
