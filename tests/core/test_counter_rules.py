"""The `[counter_rules]` of a centre: recall limit, the wait before a no-show, how long a
no-show may be called back, and closing time. Every refusal names the problem and changes
nothing (`kit.rejected`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server import config as cfg
from server.core import commands as c
from server.core import errors as err
from server.core.centre import Centre
from server.core.rules import counters_to_sign_out

RULES = """
[counter_rules]
recall_limit = 2
no_show_after_s = 60
requeue_within_min = 30
calls_after_close_min = 10
"""
# Tuesday 10 Feb 2026: open 08:00-12:00 and 13:00-17:00.
HOURS = {"tue": ["08:00-12:00", "13:00-17:00"]}


@pytest.fixture
def centre(kit):
    services = [{"id": "a", "prefix": "A", "stop_issuing_min": 0}]
    counters = {"c1": ["a"], "c2": ["a"]}
    return Centre(
        cfg.loads(kit.config_toml(services=services, counters=counters, hours=HOURS) + RULES)
    )


@pytest.fixture
def now(kit):
    return kit.riga(2026, 2, 10, 9, 0)


def called(kit, centre, now):
    kit.take(centre, now)
    assert kit.call(centre, "c1", now) == "A001"
    return centre.ticket("A001")


def test_recalls_stop_at_the_limit_and_a_new_call_starts_counting_again(kit, centre, now):
    called(kit, centre, now)
    for _ in range(2):
        kit.run(centre, c.Recall(counter="c1", ticket="A001"), now)
    e = kit.rejected(centre, c.Recall(counter="c1", ticket="A001"), now, err.RecallLimit)
    assert e.code == "recall_limit" and "A001" in e.message
    later = now + timedelta(minutes=2)
    kit.run(centre, c.NoShow(counter="c1", ticket="A001"), later)
    kit.run(centre, c.CallTicket(counter="c1", ticket="A001"), later)
    kit.run(centre, c.Recall(counter="c1", ticket="A001"), later)
    assert centre.ticket("A001").recalls == 1


def test_a_no_show_needs_the_visitor_to_have_had_time_to_come(kit, centre, now):
    called(kit, centre, now)
    # A recall does not restart the wait: it counts from the first call.
    kit.run(centre, c.Recall(counter="c1", ticket="A001"), now + timedelta(seconds=50))
    cmd = c.NoShow(counter="c1", ticket="A001")
    e = kit.rejected(centre, cmd, now + timedelta(seconds=15), err.TooEarly)
    assert e.message == (
        "Wait 45 s more before marking A001 a no-show: the visitor may be on the way."
    )
    kit.run(centre, cmd, now + timedelta(seconds=60))
    assert centre.ticket("A001").status == "no_show"


def test_a_no_show_can_be_called_back_only_within_the_window(kit, centre, now):
    called(kit, centre, now)
    marked = now + timedelta(minutes=1)
    kit.run(centre, c.NoShow(counter="c1", ticket="A001"), marked)
    late = c.CallTicket(counter="c1", ticket="A001")
    e = kit.rejected(centre, late, marked + timedelta(minutes=30, seconds=1), err.NoShowExpired)
    assert "30 min" in e.message
    kit.run(centre, late, marked + timedelta(minutes=30))
    assert centre.ticket("A001").status == "called"


def test_closing_time_stops_calls_but_not_the_visitor_at_the_counter(kit, centre, now):
    t = called(kit, centre, now)
    kit.take(centre, now)
    evening = kit.riga(2026, 2, 10, 17, 10)  # 17:00 + 10 min of grace: calls stop
    kit.run(centre, c.OpenCounter(counter="c2", clerk="ben"), now)
    for cmd in (c.CallNext(counter="c2"), c.CallTicket(counter="c2", ticket="A002")):
        e = kit.rejected(centre, cmd, evening, err.CentreClosed)
        assert e.code == "centre_closed"
    kit.run(centre, c.StartServing(counter="c1", ticket=t.number), evening)
    kit.run(centre, c.Finish(counter="c1", ticket=t.number), evening)
    grace = kit.riga(2026, 2, 10, 17, 9)
    assert kit.call(centre, "c2", grace) == "A002"


def test_a_break_between_spans_stops_calls_without_signing_anyone_out(kit, centre, now):
    kit.take(centre, now)
    kit.run(centre, c.OpenCounter(counter="c1", clerk="ann"), now)
    lunch = kit.riga(2026, 2, 10, 12, 30)
    kit.rejected(centre, c.CallNext(counter="c1"), lunch, err.CentreClosed)
    assert counters_to_sign_out(centre.config, centre.state, lunch) == []
    assert counters_to_sign_out(centre.config, centre.state, kit.riga(2026, 2, 10, 7, 0)) == []


def test_after_the_last_call_open_counters_are_due_for_sign_out_once_free(kit, centre, now):
    called(kit, centre, now)
    night = kit.riga(2026, 2, 10, 17, 11)
    # c1 still has its visitor: it is left alone until the clerk is done.
    assert counters_to_sign_out(centre.config, centre.state, night) == []
    kit.run(centre, c.Finish(counter="c1", ticket="A001"), night)
    assert counters_to_sign_out(centre.config, centre.state, night) == ["c1"]
    assert counters_to_sign_out(centre.config, centre.state, night - timedelta(minutes=2)) == []


def test_the_rules_are_validated(kit):
    text = kit.config_toml() + "[counter_rules]\npin_attempts = 0\n"
    with pytest.raises(
        cfg.ConfigError, match=r"counter_rules\.pin_attempts = 0: must be at least 1"
    ):
        cfg.loads(text)
