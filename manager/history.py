"""The history tab's figures: which `report` requests a picked day or range needs, and the
chart series read from their answers. Pure, so the charts can be fed fixed reports.

For one day: that day by hour, the same weekday of the 8 weeks before it by hour (the usual
day to compare with), and that day by service. For a range: the range by hour and by service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from manager.period import Period
from server.protocol import messages as m
from server.protocol.reports import Report

USUAL_WEEKS = 8
Part = Literal["day", "usual", "services"]


def requests(
    period: Period, new_id: Callable[[], str], lang: m.Lang = "lv"
) -> dict[Part, m.ReportRequest]:
    """The reports the charts of `period` are drawn from (names in `lang`)."""
    start, end = period.start, period.end
    wanted: dict[Part, m.ReportRequest] = {
        "day": m.ReportRequest(id=new_id(), start=start, end=end, by="hour", lang=lang),
        "services": m.ReportRequest(id=new_id(), start=start, end=end, by="service", lang=lang),
    }
    if period.single:
        wanted["usual"] = m.ReportRequest(
            id=new_id(),
            start=start - timedelta(weeks=USUAL_WEEKS),
            end=start - timedelta(days=1),
            by="hour",
            weekday=start.isoweekday(),
            lang=lang,
        )
    return wanted


@dataclass(frozen=True)
class Series:
    """One chart's data: a value per label for each named series (None: no value)."""

    labels: tuple[str, ...] = ()
    series: tuple[tuple[str, tuple[float, ...]], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.labels


@dataclass(frozen=True)
class History:
    period: Period | None = None
    state: Literal["idle", "loading", "ready", "failed"] = "idle"
    # Why it failed (the server's words, plain text).
    error: str = ""
    reports: dict[Part, Report] = field(default_factory=dict)


def _minutes(value: float | None) -> float:
    return round(value / 60, 1) if value is not None else 0.0


def wait_by_hour(h: History, this: str, usual: str) -> Series:
    """Mean wait (minutes) per hour of the period, and of the usual weekday if asked for."""
    day, past = h.reports.get("day"), h.reports.get("usual")
    if day is None:
        return Series()
    mine = {r.key: r.wait.mean_s for r in day.rows}
    theirs = {r.key: r.wait.mean_s for r in past.rows} if past else {}
    hours = tuple(sorted(mine.keys() | theirs.keys()))
    if not hours:
        return Series()
    series = [(this, tuple(_minutes(mine.get(k)) for k in hours))]
    if past is not None:
        series.append((usual, tuple(_minutes(theirs.get(k)) for k in hours)))
    return Series(hours, tuple(series))


def arrivals_by_hour(h: History, name: str) -> Series:
    """Tickets taken per hour of the period."""
    day = h.reports.get("day")
    if day is None or not day.rows:
        return Series()
    rows = sorted(day.rows, key=lambda r: r.key)
    return Series(tuple(r.key for r in rows), ((name, tuple(float(r.tickets) for r in rows)),))


def service_times(h: History, mean: str, median: str) -> Series:
    """Mean and median service time (minutes) per service."""
    by = h.reports.get("services")
    if by is None or not by.rows:
        return Series()
    rows = [r for r in by.rows if r.service_time.count]
    if not rows:
        return Series()
    return Series(
        tuple(r.label for r in rows),
        (
            (mean, tuple(_minutes(r.service_time.mean_s) for r in rows)),
            (median, tuple(_minutes(r.service_time.median_s) for r in rows)),
        ),
    )
