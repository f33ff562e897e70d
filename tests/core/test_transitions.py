"""What a clerk may and may not do at a counter; every refusal names the problem and changes
nothing (the `kit.rejected` helper compares the encoded state and the queue before/after)."""

from __future__ import annotations

import pytest

from server.core import commands as c
from server.core import errors as err
from server.core import events as ev

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
]
COUNTERS = {"c1": ["a"], "c2": ["a", "b"], "c3": ["b"]}


@pytest.fixture
def centre(kit):
    return kit.centre(services=SERVICES, counters=COUNTERS)


@pytest.fixture
def now(kit):
    return kit.riga(2026, 2, 10, 9, 0)


def open_(kit, centre, counter, now, clerk="ann"):
    kit.run(centre, c.OpenCounter(counter=counter, clerk=clerk), now)


def test_every_error_has_its_own_stable_code():
    kinds = [
        k for k in vars(err).values() if isinstance(k, type) and issubclass(k, err.DomainError)
    ]
    codes = [k.code for k in kinds]
    assert len(kinds) >= 12 and len(set(codes)) == len(codes)
    assert all(code.islower() and " " not in code for code in codes)


def test_a_counter_cannot_finish_another_counters_ticket(kit, centre, now):
    kit.take(centre, now)
    assert kit.call(centre, "c1", now) == "A001"
    open_(kit, centre, "c2", now, "ben")
    e = kit.rejected(centre, c.Finish(counter="c2", ticket="A001"), now, err.NotYourTicket)
    assert "A001" in e.message and "c2" in e.message
    kit.rejected(centre, c.NoShow(counter="c2", ticket="A001"), now, err.NotYourTicket)
    kit.rejected(centre, c.Recall(counter="c2", ticket="A001"), now, err.NotYourTicket)
    kit.rejected(centre, c.StartServing(counter="c2", ticket="A001"), now, err.NotYourTicket)
    t = c.Transfer(counter="c2", ticket="A001", service="b")
    kit.rejected(centre, t, now, err.NotYourTicket)


def test_finishing_twice_counts_one_visitor(kit, centre, now):
    kit.take(centre, now)
    kit.call(centre, "c1", now)
    kit.run(centre, c.Finish(counter="c1", ticket="A001"), now)
    kit.rejected(centre, c.Finish(counter="c1", ticket="A001"), now, err.NotYourTicket)
    assert centre.state.counters["c1"].served_today == 1
    assert centre.state.stats["a"].served == 1
    assert centre.ticket("A001").status == "done"


def test_a_paused_counter_cannot_call_until_resumed(kit, centre, now):
    kit.take(centre, now)
    open_(kit, centre, "c1", now)
    kit.run(centre, c.Pause(counter="c1", reason="lunch"), now)
    assert centre.state.counters["c1"].pause_reason == "lunch"
    e = kit.rejected(centre, c.CallNext(counter="c1"), now, err.CounterPaused)
    assert "resume" in e.message
    kit.rejected(centre, c.CallTicket(counter="c1", ticket="A001"), now, err.CounterPaused)
    kit.rejected(centre, c.Pause(counter="c1"), now, err.CounterPaused)
    kit.run(centre, c.Resume(counter="c1"), now)
    assert kit.call(centre, "c1", now) == "A001"
    kit.rejected(centre, c.Resume(counter="c1"), now, err.InvalidTransition)


def test_a_closed_counter_calls_only_when_asked_to_open_itself(kit, centre, now):
    kit.take(centre, now)
    e = kit.rejected(centre, c.CallNext(counter="c1"), now, err.CounterClosed)
    assert "sign in" in e.message
    events = centre.execute(c.CallNext(counter="c1", auto_open=True), now)
    assert [type(x) for x in events] == [ev.CounterOpened, ev.TicketCalled]
    assert centre.state.counters["c1"].status == "open"
    # With nobody waiting, auto-open still opens the counter and calls nobody.
    assert [type(x) for x in centre.execute(c.CallNext(counter="c3", auto_open=True), now)] == [
        ev.CounterOpened
    ]


def test_a_busy_counter_must_finish_before_it_calls_pauses_or_closes(kit, centre, now):
    kit.take(centre, now)
    kit.take(centre, now)
    kit.call(centre, "c1", now)
    for cmd in (
        c.CallNext(counter="c1"),
        c.CallNext(counter="c1", auto_open=True),
        c.CallTicket(counter="c1", ticket="A002"),
        c.Pause(counter="c1"),
        c.CloseCounter(counter="c1"),
    ):
        e = kit.rejected(centre, cmd, now, err.CounterBusy)
        assert "A001" in e.message


def test_signing_in_at_a_counter_someone_else_holds_is_refused(kit, centre, now):
    open_(kit, centre, "c1", now, "ann")
    e = kit.rejected(centre, c.OpenCounter(counter="c1", clerk="ben"), now, err.CounterBusy)
    assert "ann" in e.message
    assert centre.execute(c.OpenCounter(counter="c1", clerk="ann"), now) == []
    kit.run(centre, c.CloseCounter(counter="c1"), now)
    assert centre.execute(c.CloseCounter(counter="c1"), now) == []
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ben"), now)
    assert centre.state.counters["c1"].clerk == "ben"


@pytest.mark.parametrize(
    ("setup", "cmd", "says"),
    [
        ("serving", c.StartServing(counter="c1", ticket="A001"), "serving"),
        ("serving", c.NoShow(counter="c1", ticket="A001"), "serving"),
        ("serving", c.Recall(counter="c1", ticket="A001"), "serving"),
        ("called", c.Cancel(ticket="A001", by="kiosk"), "called"),
        ("done", c.CallTicket(counter="c1", ticket="A001"), "done"),
        ("done", c.Cancel(ticket="A001", by="kiosk"), "done"),
        ("no_show", c.Cancel(ticket="A001", by="kiosk"), "no show"),
    ],
)
def test_a_ticket_moves_only_along_its_lifecycle(kit, centre, now, setup, cmd, says):
    kit.take(centre, now)
    kit.call(centre, "c1", now)
    if setup == "serving":
        kit.run(centre, c.StartServing(counter="c1", ticket="A001"), now)
    if setup == "done":
        kit.run(centre, c.Finish(counter="c1", ticket="A001"), now)
    if setup == "no_show":
        kit.run(centre, c.NoShow(counter="c1", ticket="A001"), now)
    assert centre.ticket("A001").status == setup
    e = kit.rejected(centre, cmd, now, err.InvalidTransition)
    assert e.message == f"A001 is {says}."


def test_a_counter_calls_only_tickets_of_its_services(kit, centre, now):
    kit.take(centre, now, "b")
    open_(kit, centre, "c1", now)
    e = kit.rejected(centre, c.CallTicket(counter="c1", ticket="B001"), now, err.NotYourTicket)
    assert '"b"' in e.message
    assert kit.call(centre, "c1", now) is None  # B001 is not c1's to call


@pytest.mark.parametrize(
    ("cmd", "error", "names"),
    [
        (c.CallNext(counter="c9"), err.UnknownCounter, "c9"),
        (c.OpenCounter(counter="c9", clerk=None), err.UnknownCounter, "c9"),
        (c.Cancel(ticket="A404", by="kiosk"), err.UnknownTicket, "A404"),
        (c.TakeTicket(service="zz", token="t", device="k"), err.UnknownService, "zz"),
        (
            c.TakeTicket(service="a", priority="vip", token="t", device="k"),
            err.UnknownPriority,
            "vip",
        ),
    ],
)
def test_unknown_names_are_refused_by_name(kit, centre, now, cmd, error, names):
    kit.take(centre, now)  # starts the day
    assert names in kit.rejected(centre, cmd, now, error).message


def test_transfer_to_an_unknown_service_is_refused(kit, centre, now):
    kit.take(centre, now)
    kit.call(centre, "c1", now)
    t = c.Transfer(counter="c1", ticket="A001", service="zz")
    kit.rejected(centre, t, now, err.UnknownService)


def test_a_no_show_can_be_called_back_and_a_recall_repeats_the_call(kit, centre, now):
    later = kit.riga(2026, 2, 10, 9, 5)
    kit.take(centre, now)
    kit.call(centre, "c1", now)
    kit.run(centre, c.NoShow(counter="c1", ticket="A001"), now)
    assert centre.state.counters["c1"].ticket is None
    (called,) = centre.execute(c.CallTicket(counter="c1", ticket="A001"), later)
    assert called == ev.TicketCalled(at=later, ticket="A001", counter="c1", clerk="clerk-c1")
    (again,) = centre.execute(c.Recall(counter="c1", ticket="A001"), kit.riga(2026, 2, 10, 9, 6))
    assert again.recall
    t = centre.ticket("A001")
    assert (t.status, t.calls, t.called_at) == ("called", 3, later)
    # Displays show the newest call first.
    assert [n for n, _, _ in centre.state.recent_calls] == ["A001"] * 3
    assert centre.state.recent_calls[0][2] == kit.riga(2026, 2, 10, 9, 6)
