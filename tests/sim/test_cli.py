"""`rinda simulate` as a manager runs it: the table, JSON read back, bad input refused in one
line with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sim.worlds import THURSDAY, scenario_dir, simulate_cli


def test_a_shipped_scenario_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = simulate_cli(capsys, "small", "--days", "1", "--estimators", "naive")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("small_office — A small municipal office")
    assert lines[1].startswith("policy accumulating, 1 day, seed 1, ")
    assert any(line.split()[:2] == ["residence", "walk-in"] for line in lines)
    assert any(line.split()[:3] == ["all", "services", "all"] for line in lines)
    assert "Counters" in lines and any(line.split()[0] == "3" for line in lines if line)
    estimators = lines.index("Estimators: told at issue against the wait that followed")
    assert lines[estimators + 3].split()[:2] == ["naive", "walk-in"]


def test_json_reads_back_with_the_figures_of_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = f'start = {THURSDAY}\ndays = 2\n[[services]]\nid = "tax"\nper_hour = 6\n'
    path = scenario_dir(tmp_path, body)
    code, out, _ = simulate_cli(capsys, str(path), "--json", "--policy", "strict", "--seed", "3")
    assert code == 0
    figures = json.loads(out)
    assert (figures["scenario"], figures["policy"], figures["days"], figures["seed"]) == (
        "scenario",
        "strict",
        2,
        3,
    )
    rows = {(r["service"], r["kind"]): r for r in figures["waits"]}
    tax = rows[("tax", "walk-in")]
    assert tax["served"] + tax["no_shows"] + tax["not_called"] == figures["visitors"]
    assert tax["p50_s"] <= tax["p90_s"] <= tax["p99_s"] <= tax["max_s"]
    assert {c["counter"] for c in figures["counters"]} == {"1", "2", "3"}
    # Counter 2 serves only "social": open, never busy.
    two = next(c for c in figures["counters"] if c["counter"] == "2")
    assert two["busy_s"] == 0 and two["open_s"] == 2 * 3 * 3600
    # By default the estimator the server uses is measured: one row per class seen, and all.
    told = {(e["estimator"], e["cls"]): e for e in figures["errors"]}
    assert set(told) == {("forward", "walk-in"), ("forward", "all")}
    assert told[("forward", "walk-in")]["n"] == tax["served"] + tax["no_shows"]


def test_the_same_run_twice_prints_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    first = simulate_cli(capsys, "busy", "--days", "1", "--json")
    assert first == simulate_cli(capsys, "busy", "--days", "1", "--json")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["nowhere"], 'rinda: "nowhere" is neither a scenario file nor one of: small_office'),
        (["small", "--days", "0"], 'rinda simulate: argument --days: "0" is not 1 to 366 days'),
        (["small", "--policy", "lifo"], "rinda simulate: argument --policy: invalid choice"),
        (["small", "--seed", "-1"], 'rinda simulate: argument --seed: "-1" is not a seed'),
        (["small", "--estimators", "oracle"], "rinda: --estimators: 'oracle' is not one of"),
        (["small", "--remote", "1.5"], 'rinda simulate: argument --remote: "1.5" is not a share'),
        (["small", "--colour"], "rinda simulate: unrecognized arguments: --colour"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    code, out, err = simulate_cli(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(said), err
    assert err.count("\n") == 1


def test_a_scenario_with_problems_lists_them_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = scenario_dir(tmp_path, "start = 2026-11-26\ndays = 400\nno_show = 2\n")
    code, out, err = simulate_cli(capsys, str(path))
    assert (code, out) == (2, "")
    assert "3 problems:" in err and "days = 400" in err and "no_show = 2" in err
    assert "services: missing" in err
