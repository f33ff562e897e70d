"""`rinda simulate --facts`: the simulated days as a centre's facts file, through the same
fold and writer as `rinda export facts`, read back with the same schema; and the run keeps
its events only when asked."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from server.core import events as ev
from server.network import facts_schema as fs
from server.sim.engine import simulate
from server.sim.ratings import reason_of, score_of
from server.sim.scenario import load
from tests.sim.worlds import simulate_cli


def test_keeping_the_events_is_asked_for_and_changes_nothing_of_the_run() -> None:
    scenario = load("small_office", days=2).scenario
    plain, kept = simulate(scenario, 3), simulate(scenario, 3, keep_events=True)
    assert plain.events == []
    assert [(v.number, v.called_at) for v in kept.visits] == [
        (v.number, v.called_at) for v in plain.visits
    ]
    taken = [e for e in kept.events if isinstance(e, ev.TicketTaken)]
    assert [e.ticket for e in taken] == [v.number for v in kept.visits]


def test_the_file_holds_the_runs_visits_under_the_centre_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo.parquet"
    code, table, err = simulate_cli(
        capsys, "small_office", "--days", "3", "--seed", "5", "--estimators", "none",
        "--facts", str(out), "--centre", "demo-a",
    )  # fmt: skip
    assert code == 0, err
    assert table.startswith("small_office")  # the figures are still printed
    run = simulate(load("small_office", days=3).scenario, 5)
    assert err == f"wrote {len(run.visits)} visits of demo-a to {out}\n"
    with duckdb.connect() as con:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)]).fetchall()
        versions = con.execute("SELECT DISTINCT version FROM read_parquet(?)", [str(out)])
        assert (
            fs.problems([(r[0], r[1]) for r in described], [v for (v,) in versions.fetchall()])
            == []
        )
        centres, called, waits = con.execute(
            "SELECT list(DISTINCT centre), count(called), sum(wait_s) FROM read_parquet(?)",
            [str(out)],
        ).fetchone() or (None, None, None)
        rated = con.execute(
            "SELECT list(DISTINCT outcome), min(score), max(score) FROM read_parquet(?) "
            "WHERE score IS NOT NULL",
            [str(out)],
        ).fetchone()
    # The shipped scenario's visitors rate served visits (a small office: mostly pleased).
    assert rated is not None
    assert rated[0] == ["served"] and 1 <= rated[1] <= rated[2] <= 5
    assert centres == ["demo-a"]
    sim_waits = [v.due_wait_s for v in run.visits if v.due_wait_s is not None]
    assert called == len(sim_waits)
    # Each wait is whole seconds in the file: off by at most one from the run's own.
    assert abs(waits - sum(sim_waits)) <= len(sim_waits)


def test_an_existing_file_a_bad_id_or_options_without_facts_are_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo.parquet"
    out.write_bytes(b"kept")
    code, table, err = simulate_cli(capsys, "small_office", "--facts", str(out))
    assert (code, table, err) == (
        2, "", f"rinda: {out} exists: give another name, or --force to replace it\n"
    )  # fmt: skip
    assert out.read_bytes() == b"kept"
    code, _, err = simulate_cli(capsys, "small_office", "--facts", str(out), "--centre", "Demo A")
    assert (code, err) == (
        2,
        'rinda simulate: argument --centre: "Demo A": use 1-32 small letters a-z and digits, '
        'words joined by "-" (see --help)\n',
    )
    code, _, err = simulate_cli(capsys, "small_office", "--centre", "demo-a")
    assert (code, err) == (2, "rinda: --centre and --force go with --facts FILE.parquet\n")
    code, _, err = simulate_cli(capsys, "small_office", "--facts", str(tmp_path / "demo.csv"))
    assert (code, err) == (2, f"rinda: --facts {tmp_path / 'demo.csv'}: name the file .parquet\n")


def test_ratings_follow_the_wait_and_change_nobodys_visit() -> None:
    scenario = load("small_office", days=3).scenario
    assert scenario.rated == 0.2  # the shipped scenarios have visitors who rate
    quiet = simulate(dataclasses.replace(scenario, rated=0.0), 4, keep_events=True)
    rating = simulate(scenario, 4, keep_events=True)
    assert [(v.number, v.called_at) for v in rating.visits] == [
        (v.number, v.called_at) for v in quiet.visits
    ]
    assert not any(isinstance(e, ev.VisitRated) for e in quiet.events)
    tz, first = scenario.config.tz, scenario.start.date()
    # Numbers restart each day: a visit is its day and number.
    rated = [e for e in rating.events if isinstance(e, ev.VisitRated)]
    served = {
        (first + timedelta(days=v.day), v.number)
        for v in rating.visits
        if v.called_at is not None and not v.no_show
    }
    assert {(e.at.astimezone(tz).date(), e.ticket) for e in rated} <= served
    assert len({(e.at.astimezone(tz).date(), e.ticket) for e in rated}) == len(rated)
    assert 0.1 < len(rated) / len(served) < 0.3
    assert {e.by for e in rated} == {"phone"}


@pytest.mark.parametrize(
    ("ratio", "score"), [(0.0, 5), (0.5, 5), (0.9, 4), (1.2, 3), (2.0, 2), (2.6, 1), (9.0, 1)]
)
def test_a_score_follows_the_wait_against_the_target_give_or_take_one(
    ratio: float, score: int
) -> None:
    rng = random.Random(7)
    scores = [score_of(ratio, rng) for _ in range(2000)]
    assert set(scores) <= {score - 1, score, score + 1} & set(range(1, 6))
    assert 0.7 < scores.count(score) / len(scores) < 0.9  # a quarter move a step (or stay at 1/5)


def test_an_unhappy_visitor_who_waited_too_long_says_so() -> None:
    rng = random.Random(1)
    reasons = ["waited_too_long", "not_helped", "other"]
    assert reason_of(1, 3.0, reasons, rng) == "waited_too_long"
    assert reason_of(4, 3.0, reasons, rng) is None
    assert {reason_of(2, 0.5, reasons, rng) for _ in range(100)} == set(reasons)
    assert reason_of(1, 3.0, [], rng) is None
