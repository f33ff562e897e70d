"""A manager's actions in the pure core: stopping a service's tickets keeps the people already
waiting and refuses new ones with the manager's reason, lasts across days until resumed, and
the notice line lasts until changed; refusals change nothing."""

from __future__ import annotations

import pytest

from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.centre import Centre

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
]


@pytest.fixture
def centre(kit):
    return kit.centre(services=SERVICES, counters={"c1": ["a", "b"]})


@pytest.fixture
def now(kit):
    return kit.riga(2026, 2, 10, 9, 0)


def stop(service="a", reason="Sistēma nedarbojas"):
    return c.StopIssuing(service=service, reason=reason, by="boss")


def test_a_stopped_service_refuses_tickets_with_the_reason_and_still_calls_its_queue(
    kit, centre, now
):
    first = kit.take(centre, now)
    (stopped,) = kit.run(centre, stop(), now)
    assert stopped == ev.IssuingStopped(at=now, service="a", reason="Sistēma nedarbojas", by="boss")
    e = kit.rejected(
        centre, c.TakeTicket(service="a", token="t", device="k"), now, err.ServiceClosed
    )
    assert "Sistēma nedarbojas" in e.message
    # The other service issues as before; the one already waiting is still called.
    assert kit.take(centre, now, "b") == "B001"
    assert kit.call(centre, "c1", now) == first


def test_resuming_lets_the_kiosks_issue_again_numbering_on(kit, centre, now):
    kit.take(centre, now)
    kit.run(centre, stop(), now)
    (resumed,) = kit.run(centre, c.ResumeIssuing(service="a", by="boss2"), now)
    assert resumed == ev.IssuingResumed(at=now, service="a", by="boss2")
    assert kit.take(centre, now) == "A002"
    # Resuming what runs, or stopping again with the same words, changes nothing.
    assert kit.run(centre, c.ResumeIssuing(service="a", by="boss"), now) == []
    kit.run(centre, stop(reason=""), now)
    assert kit.run(centre, stop(reason=""), now) == []
    assert centre.state.stopped == {"a": ""}
    e = kit.rejected(
        centre, c.TakeTicket(service="a", token="t", device="k"), now, err.ServiceClosed
    )
    assert e.message.endswith('"a".')


def test_a_stop_outlasts_the_day_and_a_transfer_into_it_is_refused(kit, centre, now):
    kit.run(centre, stop(), now)
    kit.take(centre, now, "b")
    tomorrow = kit.riga(2026, 2, 11, 9, 0)
    kit.run(centre, c.RollDay(), tomorrow)
    kit.rejected(
        centre, c.TakeTicket(service="a", token="t", device="k"), tomorrow, err.ServiceClosed
    )
    number = kit.take(centre, tomorrow, "b")
    kit.call(centre, "c1", tomorrow)
    move = c.Transfer(counter="c1", ticket=number, service="a")
    kit.rejected(centre, move, tomorrow, err.ServiceClosed)


def test_replaying_the_log_gives_the_same_stops_and_notice(kit, centre, now):
    log = []
    log += kit.run(centre, stop("a"), now)
    log += kit.run(centre, stop("b", "Pārtraukums"), now)
    log += kit.run(centre, c.ResumeIssuing(service="a", by="boss"), now)
    log += kit.run(centre, c.SetNotice(text="Kase līdz 15:00", by="boss"), now)
    again = Centre(centre.config)
    for e in [ev.DayRolled(at=now, day=centre.state.day), *log]:
        again.apply(ev.decode(ev.encode(e)))
    assert again.state.stopped == {"b": "Pārtraukums"}
    assert again.state.notice == "Kase līdz 15:00"


def test_the_notice_is_set_replaced_and_cleared(kit, centre, now):
    (e,) = kit.run(centre, c.SetNotice(text="Kase līdz 15:00", by="boss"), now)
    assert e == ev.NoticeSet(at=now, text="Kase līdz 15:00", by="boss")
    assert kit.run(centre, c.SetNotice(text="Kase līdz 15:00", by="boss"), now) == []
    kit.run(centre, c.RollDay(), kit.riga(2026, 2, 11, 9, 0))
    assert centre.state.notice == "Kase līdz 15:00"
    kit.run(centre, c.SetNotice(text="", by="boss"), kit.riga(2026, 2, 11, 9, 0))
    assert centre.state.notice == ""


@pytest.mark.parametrize(
    "cmd",
    [
        c.StopIssuing(service="a", reason="two\nlines", by="boss"),
        c.StopIssuing(service="a", reason="bell\x07", by="boss"),
        c.SetNotice(text="tab\there", by="boss"),
        c.SetNotice(text="escape \x1b[31m red", by="boss"),
    ],
)
def test_text_for_visitors_with_a_control_character_is_refused(kit, centre, now, cmd):
    kit.run(centre, c.RollDay(), now)
    e = kit.rejected(centre, cmd, now, err.UnshowableText)
    assert e.code == "invalid_field"


def test_an_unknown_service_is_refused_by_name(kit, centre, now):
    kit.run(centre, c.RollDay(), now)
    for cmd in (stop("nope"), c.ResumeIssuing(service="nope", by="boss")):
        e = kit.rejected(centre, cmd, now, err.UnknownService)
        assert '"nope"' in e.message


def test_a_manager_signs_out_a_counter_but_not_with_a_visitor_at_it(kit, centre, now):
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), now)
    kit.take(centre, now)
    kit.call(centre, "c1", now)
    e = kit.rejected(centre, c.CloseCounter(counter="c1", by="boss"), now, err.CounterBusy)
    assert "A001" in e.message
    kit.run(centre, c.Finish(counter="c1", ticket="A001"), now)
    (closed,) = kit.run(centre, c.CloseCounter(counter="c1", by="boss"), now)
    assert closed == ev.CounterClosed(at=now, counter="c1", by="boss")
    assert centre.state.counters["c1"].status == "closed"
    assert centre.state.counters["c1"].clerk is None
    assert kit.run(centre, c.CloseCounter(counter="c1", by="boss"), now) == []
    kit.rejected(centre, c.CloseCounter(counter="c9", by="boss"), now, err.UnknownCounter)
