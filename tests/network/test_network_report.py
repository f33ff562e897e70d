"""The network report's figures and rankings from small facts files made with DuckDB:
figures computed by hand, the spread matching a centre's report (server/reports/spread.py)
at every level, the rankings with a tie and a centre with too few ratings."""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from server.network import network_report
from server.network.facts_files import FactsError
from server.network.network_report import Figures, build, connect
from server.reports.spread import Durations
from tests.network.facts_rows import visit, write

RIGA_WAITS = [30, 60, 90, 120, 300, 420, 600, 900, 1200, 2400]


def riga() -> list[dict[str, Any]]:
    """11 visits: 10 called (8 served, a no-show, a transfer), one cancelled; 4 ratings."""
    outcomes = ["served"] * 8 + ["no_show", "transferred"]
    service = [200, 300, 400, 300, 300, 300, 300, 300]
    scores = [5, 5, 4, 2]
    rows = [
        visit(
            wait_s=w,
            outcome=o,
            service_s=service[i] if o == "served" else None,
            score=scores[i] if i < len(scores) else None,
        )
        for i, (w, o) in enumerate(zip(RIGA_WAITS, outcomes, strict=True))
    ]
    return [*rows, visit(outcome="cancelled")]


def network(tmp_path: Path) -> list[str]:
    """Four centres: riga (above); ogre 4 of 5 waits within target like riga (a tie) and
    3 ratings; valmiera every wait within, 3 ratings; cesis half, 2 ratings."""
    ogre = [visit(centre="ogre", wait_s=w, score=s)
            for w, s in [(100, 5), (200, 4), (300, 4), (400, None), (1000, None)]]  # fmt: skip
    valmiera = [visit(centre="valmiera", wait_s=60, score=s) for s in (1, 2, 4)]
    cesis = [visit(centre="cesis", wait_s=w, score=5) for w in (100, 1000)]
    return [
        str(write(tmp_path / f"{name}.parquet", rows))
        for name, rows in [
            ("riga", riga()),
            ("ogre", ogre),
            ("valmiera", valmiera),
            ("cesis", cesis),
        ]
    ]


def test_a_centres_figures_are_its_visits_counted_as_its_own_report_counts(
    tmp_path: Path,
) -> None:
    report = build(connect(), network(tmp_path), "centre", min_ratings=3)
    (f,) = [f for f in report.rows if f.centre == "riga"]
    assert f == Figures(
        group=None,
        centre="riga",
        tickets=11,
        served=8,
        no_shows=1,
        waits=10,
        wait_mean_s=612.0,  # 6120 / 10
        wait_median_s=360.0,  # (300 + 420) / 2: the mean of the two middle waits
        wait_p90_s=1200.0,  # the 9th of 10: the smallest with 90 % at or below it
        wait_max_s=2400.0,
        within_target=Fraction(8, 10),
        service_times=8,
        service_mean_s=300.0,
        rated=4,
        score_mean=4.0,
        satisfied=Fraction(3, 4),
    )
    assert (report.centres, report.files) == (4, 4)
    assert report.total.tickets == 11 + 5 + 3 + 2
    assert report.total.within_target == Fraction(8 + 4 + 3 + 1, 10 + 5 + 3 + 2)
    assert report.rows[-1].centre is None and report.rows[-1].group is None


def test_centres_are_ranked_with_ties_sharing_a_place_and_too_few_ratings_last(
    tmp_path: Path,
) -> None:
    report = build(connect(), network(tmp_path), "centre", min_ratings=3)
    within = [(r.rank, r.centre, r.share, r.behind) for r in report.within_target]
    assert within == [
        (1, "valmiera", Fraction(1), 3),
        (2, "ogre", Fraction(4, 5), 5),  # a tie: the same place, in name order
        (2, "riga", Fraction(4, 5), 10),
        (4, "cesis", Fraction(1, 2), 2),  # the place after a tie of two is skipped
    ]
    happy = [(r.rank, r.centre, r.share, r.behind) for r in report.satisfaction]
    assert happy == [
        (1, "ogre", Fraction(1), 3),
        (2, "riga", Fraction(3, 4), 4),
        (3, "valmiera", Fraction(1, 3), 3),
        (None, "cesis", Fraction(1), 2),  # 100 % of 2 ratings: not ranked, last
    ]


def test_by_service_gives_each_service_at_each_centre_and_over_all_centres(
    tmp_path: Path,
) -> None:
    rows = [
        visit(wait_s=60, service="taxes", institution="vid"),
        visit(wait_s=120, service="taxes", institution="vid"),
        visit(wait_s=600),
        visit(centre="ogre", wait_s=300, service="taxes", institution="vid"),
    ]
    files = [str(write(tmp_path / "a.parquet", rows))]
    report = build(connect(), files, "service")
    got = [(f.group, f.centre, f.tickets, f.wait_median_s) for f in report.rows]
    assert got == [
        ("passports", "riga", 1, 600.0),
        ("passports", None, 1, 600.0),
        ("taxes", "ogre", 1, 300.0),
        ("taxes", "riga", 2, 90.0),
        ("taxes", None, 3, 120.0),
        (None, "ogre", 1, 300.0),
        (None, "riga", 3, 120.0),
        (None, None, 4, 210.0),
    ]


def test_by_month_and_a_period_keep_only_the_days_asked_for(tmp_path: Path) -> None:
    rows = [visit(day=date(2025, 1, 31), wait_s=60), visit(day=date(2025, 2, 1), wait_s=120),
            visit(day=date(2025, 3, 3), wait_s=180)]  # fmt: skip
    files = [str(write(tmp_path / "a.parquet", rows))]
    report = build(connect(), files, "month", start=date(2025, 1, 15), end=date(2025, 2, 28))
    assert [(f.group, f.centre, f.tickets) for f in report.rows if f.centre] == [
        ("2025-01", "riga", 1),
        ("2025-02", "riga", 1),
        (None, "riga", 2),
    ]
    assert (report.start, report.end) == (date(2025, 1, 31), date(2025, 2, 1))


@pytest.mark.parametrize("by", ["centre", "service", "institution"])
def test_every_spread_is_the_one_a_centres_report_computes_from_the_same_waits(
    tmp_path: Path, by: str
) -> None:
    rng = random.Random(16)
    rows = [
        visit(
            centre=rng.choice(["riga", "ogre", "cesis"]),
            service=(service := rng.choice(["passports", "taxes", "jobs"])),
            institution={"passports": "pmlp", "taxes": "vid", "jobs": ""}[service],
            # Few distinct values, so ties and even counts come up.
            wait_s=rng.choice([None, rng.randrange(0, 40) * 30, rng.randrange(0, 5000)]),
        )
        for _ in range(700)
    ]
    files = [str(write(tmp_path / f"{i}.parquet", rows[i::3])) for i in range(3)]
    report = build(connect(), files, by)  # type: ignore[arg-type]
    key = {"centre": "centre", "service": "service", "institution": "institution"}[by]
    for f in report.rows:
        durations = Durations()
        durations.add([
            r["wait_s"] for r in rows
            if r["wait_s"] is not None
            and (f.centre is None or r["centre"] == f.centre)
            and (f.group is None or r[key] == f.group)
        ])  # fmt: skip
        spread = durations.spread()
        assert (f.waits, f.wait_median_s, f.wait_p90_s, f.wait_max_s) == (
            spread.count, spread.median_s, spread.p90_s, spread.max_s,
        ), f  # fmt: skip
        assert f.wait_mean_s == pytest.approx(spread.mean_s)


def test_files_with_more_groups_than_a_report_can_show_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network_report, "MAX_ROWS", 5)
    rows = [visit(service=f"s{i}", wait_s=60) for i in range(3)]  # 3 + 3 + 1 + 1 rows
    files = [str(write(tmp_path / "a.parquet", rows))]
    with pytest.raises(FactsError, match="more than 5 groups at centres"):
        build(connect(), files, "service")
