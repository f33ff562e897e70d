"""Wait-time reports: a period's figures grouped one or more ways (docs/reports.md).

`build_reports` is synchronous and opens its own read-only connection: `rinda report` calls it
directly, the server in a worker process (server/net/report_desk.py). It never writes and never
holds up the server's writer (readers of a WAL database do not block it). Closed days come
from their kept summaries; days without one (today, or not written yet) from their events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from server.config import CentreConfig
from server.core.numbering import service_day
from server.protocol.codec import excerpt
from server.protocol.reports import GROUPINGS, NOBODY_TOLD, By, Figures, Report, Told
from server.reports.feedback import feedback_of, reasons_of
from server.reports.labels import LANGS, TOTAL, WEEKDAY_NAMES, Labels
from server.reports.opening import OpenHours, open_hours, per_hour
from server.reports.period import ReportError, check_period, nothing_in
from server.reports.spread import Durations
from server.reports.tally import DayTallies, Tally, day_tallies
from server.store.errors import StoreError
from server.store.report_queries import (
    clerk_names,
    kept_counts,
    kept_durations,
    kept_reasons,
    unpack,
)
from server.store.summaries import derive, has_summaries, open_read_only, summarised_days

# ReportError is raised by build_reports; its callers (server/net/report_desk.py) import it here.
__all__ = ["MAX_DAYS", "ReportError", "build_reports", "check_request"]

# The longest period one report covers (a year and a month's end around it).
MAX_DAYS = 400


def check_request(
    config: CentreConfig,
    start: date,
    end: date,
    groupings: Sequence[str],
    lang: str,
    weekday: int | None,
) -> None:
    """Raise ReportError for a request that cannot be answered, before any reading."""
    check_period(start, end, MAX_DAYS)
    if not groupings:
        raise ReportError("Choose at least one grouping: " + ", ".join(GROUPINGS) + ".")
    for by in groupings:
        if by not in GROUPINGS:
            raise ReportError(
                f'There is no grouping "{excerpt(str(by), 20)}": use one of '
                + ", ".join(GROUPINGS)
                + "."
            )
    if "clerk" in groupings and not config.spec.reports.per_clerk:
        raise ReportError(
            "Figures per clerk are switched off in this centre ([reports] per_clerk = false)."
        )
    if lang not in LANGS:
        raise ReportError(f'There is no language "{excerpt(lang, 8)}": use lv, ru or en.')
    if weekday is not None and not 1 <= weekday <= 7:
        raise ReportError(f"The weekday must be 1 (Monday) to 7 (Sunday), not {weekday}.")


def build_reports(
    db: Path,
    config: CentreConfig,
    start: date,
    end: date,
    groupings: Sequence[By],
    *,
    lang: str = "lv",
    weekday: int | None = None,
    now: datetime | None = None,
) -> list[Report]:
    """One report per grouping over local days `start`..`end` (both included; only the
    ISO `weekday` among them if given), as the log stands at `now` (default: now)."""
    check_request(config, start, end, groupings, lang, weekday)
    now = now or datetime.now(UTC)
    today = service_day(now, config.tz)
    days = [
        start + timedelta(days=i)
        for i in range((min(end, today) - start).days + 1)
        if weekday is None or (start + timedelta(days=i)).isoweekday() == weekday
    ]
    try:
        conn = open_read_only(db)
    except StoreError as e:
        raise ReportError(str(e)) from None
    try:
        # One read transaction: every query sees the same log. It ends before the sums are
        # done: while a reader holds the log, the writer cannot restart its write-ahead log
        # and checkpoints on every commit, which the tickets would feel.
        conn.execute("BEGIN")
        kept_days = summarised_days(conn, start, end)
        fresh = derive(conn, config, [d for d in days if d not in kept_days], now)
        kept = {by: _kept(conn, by, start, end, weekday) for by in groupings}
        clerks = clerk_names(conn)
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        raise ReportError(f"Cannot read the database {db}: {e}.") from None
    finally:
        conn.close()
    tallies = day_tallies(fresh, config)
    hours = open_hours(config, days)
    grouped = {by: _with_open_days(by, _groups(kept[by], tallies, by), hours) for by in groupings}
    total = _total(grouped[groupings[0]])
    if total.counts.tickets == 0:
        which = f" on a {WEEKDAY_NAMES['en'][weekday - 1]}" if weekday else ""
        raise nothing_in("ticket was taken", start, end, which)
    labels = Labels(config, lang, clerks)
    overall = _figures("", TOTAL[lang], total, hours.total)
    return [
        Report(
            centre=config.name.get(lang),
            start=start,
            end=end,
            by=by,
            lang=lang,
            generated_at=now,
            rows=[
                _figures(k, labels.label(by, k), grouped[by][k], _hours_of(by, k, hours))
                for k in labels.order(by, list(grouped[by]))
            ],
            total=overall,
            reasons=reasons_of(config, lang, total.counts.reasons),
        )
        for by in groupings
    ]


class _Group:
    """A group of a period: its counts (a Tally without durations) and its durations."""

    def __init__(self) -> None:
        self.counts = Tally()
        self.waits, self.service_times = Durations(), Durations()

    def merge(self, other: _Group) -> None:
        self.counts.add(other.counts)
        self.waits.merge(other.waits)
        self.service_times.merge(other.service_times)


# A grouping's kept rows: the counts per group, each kept day's packed durations, and the
# reasons per group.
_Kept = tuple[dict[str, tuple[int, ...]], list[tuple[str, bytes, bytes]], dict[str, dict[str, int]]]


def _kept(conn: sqlite3.Connection, by: str, start: date, end: date, weekday: int | None) -> _Kept:
    if not has_summaries(conn):
        return {}, [], {}
    span = (conn, by, start, end, weekday)
    return kept_counts(*span), list(kept_durations(*span)), kept_reasons(*span)


def _groups(kept: _Kept, fresh: DayTallies, by: str) -> dict[str, _Group]:
    """The period's groups of `by`: its kept days' rows and its fresh days' tallies."""
    out: dict[str, _Group] = {}

    def group(key: str) -> _Group:
        g = out.get(key)
        if g is None:
            g = out[key] = _Group()
        return g

    counts, durations, reasons = kept
    for key, n in counts.items():
        group(key).counts.add_counts(n)
    for key, given in reasons.items():
        group(key).counts.add_reasons(given)
    for key, waits, service_times in durations:
        g = group(key)
        g.waits.add(unpack(waits))
        g.service_times.add(unpack(service_times))
    for (_, b, key), t in fresh.items():
        if b == by:
            g = group(key)
            g.counts.add_counts(t.counts())
            g.counts.add_reasons(t.reasons)
            g.waits.add(t.waits)
            g.service_times.add(t.service_times)
    return out


def _with_open_days(by: By, groups: dict[str, _Group], hours: OpenHours) -> dict[str, _Group]:
    """Every day (weekday) of the period with opening hours is a group, a ticket taken or not:
    the total's arrivals per hour divides by their hours, so the rows must show them too.
    Days after today are in neither (`open_hours` is given the days up to today)."""
    open_keys = {"day": hours.by_day, "weekday": hours.by_weekday}.get(by, {})
    for key, h in open_keys.items():
        if h:
            groups.setdefault(key, _Group())
    return groups


def _total(groups: dict[str, _Group]) -> _Group:
    """The whole period: every visit and booking is in exactly one group of a grouping."""
    total = _Group()
    for g in groups.values():
        total.merge(g)
    return total


def _figures(key: str, label: str, g: _Group, hours: float | None) -> Figures:
    t = g.counts
    waits = g.waits.spread()
    return Figures(
        key=key,
        label=label,
        tickets=t.tickets,
        served=t.served,
        no_shows=t.no_shows,
        transfers=t.transfers,
        cancelled=t.cancelled,
        unserved=t.unserved,
        booked=t.booked,
        checked_in=t.checked_in,
        booking_no_shows=t.booking_no_shows,
        punctual=t.punctual,
        wait=waits,
        service_time=g.service_times.spread(),
        within_target=t.within_target / waits.count if waits.count else None,
        arrivals_per_hour=per_hour(t.arrivals, hours),
        told=_told(t),
        feedback=feedback_of(t),
        remote=t.remote,
        remote_lapsed=t.remote_lapsed,
    )


def _told(t: Tally) -> Told:
    n = t.told
    if n == 0:
        return NOBODY_TOLD
    return Told(
        count=n,
        told_mean_s=t.told_sum_s / n,
        waited_mean_s=t.waited_sum_s / n,
        error_mean_s=t.abs_miss_sum_s / n,
        bias_s=t.miss_sum_s / n,
        close=t.told_close / n,
    )


def _hours_of(by: By, key: str, hours: OpenHours) -> float | None:
    """The opening hours a group's arrivals are spread over (None: arrivals at a counter or
    of a clerk have no opening hours of their own)."""
    match by:
        case "hour":
            return hours.by_hour.get(key)
        case "day":
            return hours.by_day.get(key)
        case "weekday":
            return hours.by_weekday.get(key)
        case "counter" | "clerk":
            return None
    return hours.total
