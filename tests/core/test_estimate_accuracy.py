"""The accuracy arithmetic (server/sim/accuracy.py) on visits made by hand."""

from __future__ import annotations

import pytest

from server.sim.accuracy import errors, floor_mae, p90, table
from server.sim.engine import Visit


def visit(n: int, wait: float | None, told: dict[str, int], seen=(0, 0, 0), priority=None):
    v = Visit(f"A{n:03}", "a", priority, taken_at=100.0 * n, told=told, seen=seen)
    v.called_at = None if wait is None else v.taken_at + wait
    return v


def test_mae_bias_p90_and_the_floor_per_class():
    visits = [
        # Walk-ins who saw the same queue (2 waiting): actual 60, 120, 300 s.
        visit(1, 60, {"x": 100, "y": 0}, seen=(2, 0, 0)),
        visit(2, 120, {"x": 100, "y": 0}, seen=(2, 0, 0)),
        visit(3, 300, {"x": 100, "y": 0}, seen=(2, 0, 0)),
        # A walk-in who saw an empty centre.
        visit(4, 0, {"x": 30, "y": 0}, seen=(0, 0, 1)),
        # A priority visitor.
        visit(5, 30, {"x": 90, "y": 30}, seen=(2, 0, 0), priority="senior"),
        # Never called: left out.
        visit(6, None, {"x": 0, "y": 0}),
    ]
    rows = {(r.cls, r.estimator): r for r in errors(visits, ["x", "y"])}
    assert set(rows) == {(c, e) for c in ("walk-in", "priority", "all") for e in "xy"}
    x = rows[("walk-in", "x")]
    assert x.n == 4
    assert x.mean_wait_s == pytest.approx(120)
    # |100-60| + |100-120| + |100-300| + |30-0| = 40 + 20 + 200 + 30
    assert x.mae_s == pytest.approx(290 / 4)
    assert x.bias_s == pytest.approx((40 - 20 - 200 + 30) / 4)
    # Nearest rank: the 4th of 4 absolute errors.
    assert x.p90_abs_s == 200
    # Floor: medians 120 (of 60, 120, 300) and 0: |60-120| + 0 + |300-120| + 0.
    assert x.floor_s == pytest.approx(240 / 4)
    assert x.vs_floor == pytest.approx(290 / 240)
    assert x.mae_share == pytest.approx(290 / 4 / 120)
    y = rows[("walk-in", "y")]
    assert y.mae_s == pytest.approx(480 / 4)
    assert y.bias_s == pytest.approx(-480 / 4)
    assert y.floor_s == x.floor_s  # the floor belongs to the visits, not the estimator
    p = rows[("priority", "y")]
    assert (p.n, p.mae_s, p.floor_s) == (1, 0, 0)
    # "all" groups priority visitors apart from walk-ins who saw the same.
    assert rows[("all", "x")].floor_s == pytest.approx(240 / 5)


def test_visits_some_estimator_did_not_tell_are_left_out():
    visits = [visit(1, 60, {"x": 60}), visit(2, 60, {"x": 0, "y": 60})]
    rows = errors(visits, ["x", "y"])
    assert [(r.cls, r.estimator, r.n) for r in rows if r.cls == "walk-in"] == [
        ("walk-in", "x", 1),
        ("walk-in", "y", 1),
    ]


def test_floor_and_percentile_helpers():
    assert floor_mae([[1, 2, 9], [5]]) == pytest.approx(8 / 4)
    assert floor_mae([]) == 0
    assert p90(list(range(1, 11))) == 9
    assert p90([7]) == 7
    assert p90([]) == 0


def test_the_table_is_markdown_in_minutes():
    rows = errors([visit(1, 120, {"x": 180}), visit(2, 240, {"x": 180})], ["x"])
    lines = table(rows).splitlines()
    assert lines[0].startswith("| class | estimator | n | mean wait | MAE |")
    assert "| walk-in | x | 2 | 3.0 | 1.0 | 33 % | 1.0 | +0.0 | 1.0 | 1.00 | 0 % |" in lines


def test_the_floor_says_how_many_visits_it_rests_on():
    crowd = [visit(n, 60 * n, {"x": 0}, seen=(3, 0, 0)) for n in range(10)]
    alone = [visit(10 + n, 60, {"x": 0}, seen=(n, 1, 0)) for n in range(5)]
    (row,) = [r for r in errors([*crowd, *alone], ["x"]) if r.cls == "walk-in"]
    assert row.floor_support == pytest.approx(10 / 15)
