"""The history's chart series and the report tab's table, read from fixed reports: the
figures a manager sees are the reports' own, in the places they belong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from manager.history import History, arrivals_by_hour, requests, service_times, wait_by_hour
from manager.period import Period
from manager.report_table import cell, column_id, rows, shown
from tests.manager.reports_kit import DAY, by_service, day_by_hour, figures, report, usual_by_hour


def ids() -> Callable[[], str]:
    n = iter(range(100))
    return lambda: f"m-{next(n)}"


def test_one_day_is_compared_with_the_same_weekday_of_eight_weeks_before() -> None:
    wanted = requests(Period(DAY, DAY), ids())
    usual = wanted["usual"]
    assert (usual.start, usual.end, usual.by) == (date(2026, 9, 30), date(2026, 11, 24), "hour")
    assert usual.weekday == 3  # 2026-11-25 is a Wednesday
    assert (wanted["day"].by, wanted["services"].by) == ("hour", "service")
    # A range has no single weekday to compare with.
    span = requests(Period(date(2026, 11, 1), DAY), ids())
    assert set(span) == {"day", "services"}
    assert len({r.id for r in wanted.values()}) == 3


def test_the_series_are_the_reports_figures() -> None:
    h = History(
        Period(DAY, DAY),
        "ready",
        reports={"day": day_by_hour(), "usual": usual_by_hour(), "services": by_service()},
    )
    wait = wait_by_hour(h, "today", "usual")
    assert wait.labels == ("09", "10", "11", "12", "13")
    assert wait.series == (
        ("today", (4.0, 9.5, 14.0, 11.0, 5.0)),
        ("usual", (5.0, 7.0, 9.0, 8.0, 4.0)),
    )
    assert arrivals_by_hour(h, "n").series == (("n", (12.0, 20.0, 26.0, 18.0, 9.0)),)
    times = service_times(h, "mean", "median")
    # A service nobody finished at has no service time to draw.
    assert times.labels == ("Social services", "Taxes")
    assert times.series[0] == ("mean", (12.0, 6.5))


def test_an_hour_only_the_usual_day_had_is_zero_today() -> None:
    day = report("hour", [figures("10", "10", 3, 2.0)])
    h = History(Period(DAY, DAY), "ready", reports={"day": day, "usual": usual_by_hour()})
    wait = wait_by_hour(h, "today", "usual")
    assert wait.labels[:2] == ("09", "10") and wait.series[0][1][:2] == (0.0, 2.0)
    assert wait_by_hour(History(), "a", "b").empty


def test_the_report_table_has_every_group_and_the_total() -> None:
    r = by_service()
    table = rows(r, "Total")
    assert [row[0] for row in table] == ["Social services", "Taxes", "Land register", "Total"]
    columns = [column_id(c) for c in shown(r)]
    social = dict(zip(columns, table[0][1:], strict=True))
    assert social["tickets"] == "50" and social["served"] == "49"
    assert social["wait_mean_min"] == "10.0" and social["within_target"] == "75 %"
    land = dict(zip(columns, table[2][1:], strict=True))
    assert land["service_time_mean_min"] == "—"
    # No appointments in the period: their columns stay out, as in `rinda report`'s table.
    assert "booked" not in columns


def test_the_report_table_says_how_wrong_the_told_waits_were() -> None:
    r = report(
        "service",
        [
            figures("social", "Social services", 50, 10.0),  # told 8 min, waited 10
            figures("land", "Land register", 0, None),  # nobody told anything
        ],
    )
    table = rows(r, "Total")
    columns = [column_id(c) for c in shown(r)]
    assert columns[-6:] == [
        "told_waits",
        "told_mean_min",
        "told_waited_mean_min",
        "told_error_mean_min",
        "told_bias_min",
        "told_close",
    ]
    social = dict(zip(columns, table[0][1:], strict=True))
    assert [social[c] for c in columns[-6:]] == ["50", "8.0", "10.0", "2.5", "+2.0", "50 %"]
    land = dict(zip(columns, table[1][1:], strict=True))
    assert [land[c] for c in columns[-6:]] == ["0", "—", "—", "—", "—", "—"]
    bias = next(c for c in shown(r) if column_id(c) == "told_bias_min")
    assert [cell(bias, s) for s in (-90.0, -1.0, 0.0)] == ["-1.5", "0.0", "0.0"]  # never "-0.0"
