"""The simulator against figures worked out by hand, and its days, hours, no-shows and
appointments run through the real core."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from server.config import loads
from server.sim.engine import Demand, Scenario, Shift, simulate
from server.sim.loop import Loop
from server.sim.scenario import load
from tests.conftest import centre_toml
from tests.sim.worlds import THURSDAY, local, scenario_dir


def test_one_counter_fifo_with_fixed_visits_follows_lindley_by_hand() -> None:
    """One counter, 10-minute visits exactly (cv 0): each visitor is called when they come or
    when the one before them is done, whichever is later; the counter is busy 10 min each."""
    cfg = loads(centre_toml(policy="fifo"))
    sc = Scenario(
        config=cfg,
        demand=[Demand("tax", per_hour=5, mean_service_s=600, cv=0)],
        counters=["3"],
        start=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
        hours=6,
    )
    run = simulate(sc, seed=4)
    assert len(run.visits) > 20
    free_at = 0.0
    for v in sorted(run.visits, key=lambda v: v.taken_at):
        expected = max(v.taken_at, free_at)
        assert v.called_at == pytest.approx(expected, abs=1e-6), v
        free_at = expected + 600
    assert run.busy_s["3"] == pytest.approx(600 * len(run.visits))
    assert sum(1 for v in run.visits if v.wait_s == 0) > 0
    assert max(v.wait_s or 0 for v in run.visits) > 600


def test_same_seed_same_run_other_seed_other_run() -> None:
    sc = load("small_office", days=1).scenario
    first = [(v.number, v.taken_at, v.called_at) for v in simulate(sc, 5).visits]
    again = [(v.number, v.taken_at, v.called_at) for v in simulate(sc, 5).visits]
    other = [(v.number, v.taken_at, v.called_at) for v in simulate(sc, 6).visits]
    assert first == again
    assert first != other


def test_every_policy_meets_the_same_visitors_on_the_same_seed() -> None:
    """Policies are compared on the same days: the same arrivals, priorities, visit lengths,
    no-shows and bookings, only who is called when differs."""

    def visitors(policy: str) -> tuple[list[tuple[object, ...]], list[float | None]]:
        run = simulate(load("busy_regional", days=1, policy=policy).scenario, 11)
        who = [
            (v.taken_at, v.service, v.priority, v.length_s, v.no_show, v.booked_at)
            for v in run.visits
        ]
        return sorted(who), [v.called_at for v in run.visits]

    fifo, fifo_calls = visitors("fifo")
    strict, strict_calls = visitors("strict")
    assert fifo == strict
    assert any(v[2] for v in fifo) and any(v[5] for v in fifo)
    assert sorted(map(str, fifo_calls)) != sorted(map(str, strict_calls))


def _days_scenario(tmp_path: Path, extra: str = "", top: str = "", **kw: object) -> Scenario:
    body = f"""
start = {THURSDAY}
days = 5
{top}
[[services]]
id = "tax"
per_hour = 6
service_min = 5
cv = 0
{extra}
"""
    return load(str(scenario_dir(tmp_path, body, **kw))).scenario


def test_days_roll_at_midnight_and_follow_the_opening_hours(tmp_path: Path) -> None:
    sc = _days_scenario(tmp_path)
    run = simulate(sc, seed=2)
    # Thursday, Friday, (closed weekend), Monday.
    assert {v.day for v in run.visits} == {0, 1, 4}
    for v in run.visits:
        taken = local(THURSDAY, v.taken_at)
        assert taken.date() == THURSDAY + timedelta(days=v.day)
        assert time(9) <= taken.time() < time(12)
        if v.called_at is not None:
            assert time(9) <= local(THURSDAY, v.called_at).time() < time(12)
    # Numbers start again each day: the core rolled the day.
    firsts = [v for v in run.visits if v.number == "B001"]
    assert [v.day for v in firsts] == [0, 1, 4]
    # Both tax counters are open 3 h a day on 3 days (longer only to finish a visit).
    for cid in ("1", "3"):
        assert 3 * 3 * 3600 <= run.open_s[cid] <= 3 * 3 * 3600 + 3 * 300
    assert run.days == 5


def test_a_counter_calls_only_within_its_shift(tmp_path: Path) -> None:
    extra = '[[counters]]\nid = "1"\nhours = "10:00-11:00"\n[[counters]]\nid = "3"\n'
    sc = _days_scenario(tmp_path, extra)
    assert sc.shifts == {"1": Shift(time(10), time(11))}
    run = simulate(sc, seed=3)
    by_one = [v for v in run.visits if v.counter == "1"]
    assert by_one
    for v in by_one:
        assert v.called_at is not None
        assert time(10) <= local(THURSDAY, v.called_at).time() < time(11)
    assert 3 * 3600 <= run.open_s["1"] <= 3 * 3600 + 3 * 300


def test_nobody_is_called_during_the_lunch_break(tmp_path: Path) -> None:
    sc = _days_scenario(tmp_path, hours='["09:00-11:00", "12:00-14:00"]')
    run = simulate(sc, seed=8)
    called = [local(THURSDAY, v.called_at).time() for v in run.visits if v.called_at]
    assert called
    assert not [t for t in called if time(11) <= t < time(12)]
    assert [t for t in called if t >= time(12)]


def test_no_shows_are_marked_through_the_core_and_cost_the_clerk_the_wait(
    tmp_path: Path,
) -> None:
    sc = _days_scenario(tmp_path, top="no_show = 0.3\nno_show_wait_s = 90\n")
    loop = Loop(sc, 1, [])
    run = loop.run()
    gone = [v for v in run.visits if v.no_show and v.called_at is not None]
    served = [v for v in run.visits if not v.no_show and v.called_at is not None]
    assert gone and served
    # The core's state keeps the last day (Monday): its no-shows are marked there.
    monday = [v for v in gone if v.day == 4]
    assert monday
    for v in monday:
        assert loop.centre.state.tickets[v.number].status == "no_show"
    assert sum(run.busy_s.values()) == pytest.approx(300 * len(served) + 90 * len(gone))


def test_appointments_book_and_check_in_through_the_core(tmp_path: Path) -> None:
    body = f"""
start = {THURSDAY}
days = 1
appointment_arrival_min = [-10, 5]
[[services]]
id = "social"
per_hour = 2
service_min = 10
cv = 0
appointments = 1.0
[[counters]]
id = "2"
"""
    sc = load(str(scenario_dir(tmp_path, body, bookable=True, hours='["09:00-17:00"]'))).scenario
    loop = Loop(sc, 5, [])
    run = loop.run()
    booked = [v for v in run.visits if v.kind == "appointment"]
    assert len(booked) >= 5
    for v in booked:
        assert v.booked_at is not None
        assert -600 <= v.taken_at - v.booked_at <= 300
        # Never called before the booked time, even by an idle counter.
        assert v.called_at is not None and v.called_at >= v.booked_at
        ticket = loop.centre.state.tickets[v.number]
        assert ticket.booking is not None
        assert loop.centre.state.bookings[ticket.booking].status == "checked_in"
    # Those who found no free slot (one place per 20 min) came as walk-ins.
    walk_ins = [v for v in run.visits if v.kind == "walk-in"]
    assert len(walk_ins) == run.unbooked.get("social", 0)


def test_walk_ins_after_the_service_stops_issuing_are_refused(tmp_path: Path) -> None:
    run = simulate(_days_scenario(tmp_path), seed=9)
    # The test centre stops issuing 15 min before closing: a quarter hour of 3 h of visitors.
    assert run.refused.get("tax", 0) > 0
    assert all(local(THURSDAY, v.taken_at).time() < time(11, 45) for v in run.visits)
