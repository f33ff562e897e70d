"""The figures of a run from visits whose waits are known, and the table fitted to a width."""

from __future__ import annotations

from server.config import loads
from server.sim.data import Demand, Run, Scenario, Visit
from server.sim.stats import percentile, summarise, wait_row
from server.sim.table import render
from tests.conftest import centre_toml
from tests.sim.worlds import THURSDAY, local


def _visit(n: int, wait: float | None, kind: str = "walk-in", **kw: object) -> Visit:
    return Visit(
        f"A{n:03}",
        "social",
        "senior" if kind == "priority" else None,
        taken_at=1000.0 * n,
        called_at=None if wait is None else 1000.0 * n + wait,
        **kw,  # type: ignore[arg-type]
    )


def test_percentiles_are_nearest_rank() -> None:
    ordered = [float(x) for x in range(1, 101)]
    assert (percentile(ordered, 0.5), percentile(ordered, 0.9), percentile(ordered, 0.99)) == (
        50.0,
        90.0,
        99.0,
    )
    assert percentile([7.0], 0.99) == 7.0


def test_a_wait_row_counts_served_no_shows_and_the_never_called() -> None:
    # Ten served waiting 0, 2, 4 ... 18 minutes; one no-show; one never called; and one who
    # would not have come but was never called either: not called, not a no-show.
    visits = [_visit(i, i * 120.0) for i in range(10)]
    visits.append(_visit(10, 30.0, no_show=True))
    visits.append(_visit(11, None))
    visits.append(_visit(12, None, no_show=True))
    row = wait_row("social", "walk-in", visits, target_s=15 * 60)
    assert (row.served, row.no_shows, row.not_called) == (10, 1, 2)
    assert row.mean_s == 9 * 60
    assert (row.p50_s, row.p90_s, row.p99_s, row.max_s) == (480.0, 960.0, 1080.0, 1080.0)
    assert row.within_target == 0.8  # 0 to 14 minutes: 8 of 10


def test_an_early_appointment_waits_from_its_booked_time() -> None:
    early = _visit(1, 900.0, booked_at=1000.0 + 600)  # came 10 min early, called 5 min late
    late = _visit(2, 120.0, booked_at=2000.0 - 300)  # came 5 min late, called 2 min later
    assert (early.kind, early.wait_s, early.due_wait_s) == ("appointment", 900.0, 300.0)
    assert late.due_wait_s == 120.0


def test_errors_are_per_class_of_the_simulated_visitor() -> None:
    """The summary sorts estimator errors by the simulator's classes, appointments included
    (server/sim/accuracy.py does the arithmetic)."""
    cfg = loads(centre_toml())
    sc = Scenario(cfg, [Demand("social", 1, 600)], ["1"], local(THURSDAY, 0), 8)
    visits = [
        _visit(1, 600.0, told={"naive": 300}),
        _visit(2, 300.0, told={"naive": 600}),
        _visit(3, 100.0, "priority", told={"naive": 700}),
        _visit(4, 60.0, told={"naive": 0}, booked_at=4000.0),
    ]
    run = Run(visits, {"1": 0.0}, 8 * 3600, {"1": 3600.0}, days=1)
    rows = summarise(run, sc, "tiny", 1, ["naive"]).errors
    by_class = {r.cls: (r.n, r.mae_s, r.bias_s) for r in rows}
    assert by_class == {
        "walk-in": (2, 300.0, 0.0),
        "priority": (1, 600.0, 600.0),
        "appointment": (1, 60.0, -60.0),
        "all": (4, 1260 / 4, 540 / 4),
    }
    assert summarise(run, sc, "tiny", 1).errors == []


def test_summary_and_table_of_a_small_run() -> None:
    cfg = loads(centre_toml())
    sc = Scenario(cfg, [Demand("social", 1, 600)], ["1", "2"], local(THURSDAY, 0), 8)
    visits = [_visit(i, i * 120.0, told={"naive": 60}) for i in range(10)]
    run = Run(
        visits, {"1": 1800.0, "2": 0.0}, 8 * 3600, {"1": 3600.0, "2": 3600.0}, {"social": 2}, days=1
    )
    s = summarise(run, sc, "tiny", 1, ["naive"])
    assert [(r.service, r.kind, r.served) for r in s.waits] == [
        ("social", "walk-in", 10),
        ("all", "walk-in", 10),
        ("all", "all", 10),
    ]
    assert [(c.counter, c.utilisation) for c in s.counters] == [("1", 0.5), ("2", 0.0)]
    wide = render(s, "a tiny run")
    assert "2 refused a ticket (service not issuing): social 2" in wide
    assert any(line.split()[:3] == ["social", "walk-in", "10"] for line in wide.splitlines())
    narrow = render(s, "a tiny run", width=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert "(too narrow for: p50, p99, no-show, not called)" in narrow
    assert "(too narrow for: count, p90 error, mean wait, floor)" in narrow
