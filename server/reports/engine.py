"""Wait-time reports: a period's figures grouped one or more ways (docs/reports.md).

`build_reports` is synchronous and opens its own read-only connection: `rinda report` calls it
directly, the server in a worker thread (server/net/report_desk.py). It never writes and never
holds up the server's writer (readers of a WAL database do not block it). Closed days come
from their kept summaries; days without one (today, or not written yet) from their events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from server.config import CentreConfig
from server.core.numbering import service_day
from server.protocol.codec import excerpt
from server.protocol.reports import GROUPINGS, By, Figures, Report, Spread
from server.reports.labels import LANGS, TOTAL, WEEKDAY_NAMES, Labels
from server.reports.opening import OpenHours, open_hours, per_hour
from server.store.errors import StoreError
from server.store.report_queries import Counts, FactSource, Ranks
from server.store.summaries import derive, has_summaries, open_read_only, summarised_days

# The longest period one report covers (a year and a month's end around it).
MAX_DAYS = 400


class ReportError(Exception):
    """A report that cannot be made; the message is one line for a person, naming why."""


def check_request(
    config: CentreConfig,
    start: date,
    end: date,
    groupings: Sequence[str],
    lang: str,
    weekday: int | None,
) -> None:
    """Raise ReportError for a request that cannot be answered, before any reading."""
    if start > end:
        raise ReportError(f"The period starts on {start} after it ends on {end}.")
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise ReportError(f"The period is {days} days long; a report covers at most {MAX_DAYS}.")
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
        # One read transaction: every query sees the same log, however long the report takes.
        conn.execute("BEGIN")
        kept = summarised_days(conn, start, end)
        source = FactSource(conn, has_summaries(conn), start, end, weekday)
        source.set_services(
            [(s.id, s.institution, s.target_wait_min * 60_000) for s in config.services.values()]
        )
        source.add_fresh(derive(conn, config, [d for d in days if d not in kept], now))
        total = _group(source, "total").get("")
        if total is None or total.counts.tickets == 0:
            which = f" on a {WEEKDAY_NAMES['en'][weekday - 1]}" if weekday else ""
            raise ReportError(f"No ticket was taken from {start} to {end}{which}.")
        hours = open_hours(config, days)
        labels = Labels(config, lang, source.clerk_names())
        overall = _figures("", TOTAL[lang], total, hours.total)
        return [
            Report(
                centre=config.name.get(lang),
                start=start,
                end=end,
                by=by,
                lang=lang,
                generated_at=now,
                rows=_rows(source, by, hours, labels),
                total=overall,
            )
            for by in groupings
        ]
    except sqlite3.Error as e:
        raise ReportError(f"Cannot read the database {db}: {e}.") from None
    finally:
        conn.close()


@dataclass(frozen=True)
class _Group:
    counts: Counts
    wait: Ranks | None
    service: Ranks | None


def _group(source: FactSource, by: str) -> dict[str, _Group]:
    counts = source.counts(by)
    waits = source.ranks(by, "wait_ms")
    services = source.ranks(by, "service_ms")
    return {k: _Group(c, waits.get(k), services.get(k)) for k, c in counts.items()}


def _spread(count: int, total_ms: int, ranks: Ranks | None) -> Spread:
    if ranks is None or count == 0:
        return Spread(count=0, mean_s=None, median_s=None, p90_s=None, max_s=None)
    return Spread(
        count=count,
        mean_s=total_ms / count / 1000,
        median_s=ranks.median_ms / 1000,
        p90_s=ranks.p90_ms / 1000,
        max_s=ranks.max_ms / 1000,
    )


def _figures(key: str, label: str, g: _Group, hours: float | None) -> Figures:
    c = g.counts
    return Figures(
        key=key,
        label=label,
        tickets=c.tickets,
        served=c.served,
        no_shows=c.no_shows,
        transfers=c.transfers,
        cancelled=c.cancelled,
        unserved=c.unserved,
        booked=c.booked,
        checked_in=c.checked_in,
        booking_no_shows=c.booking_no_shows,
        punctual=c.punctual,
        wait=_spread(c.waits, c.wait_ms_sum, g.wait),
        service_time=_spread(c.service_times, c.service_ms_sum, g.service),
        within_target=c.within_target / c.waits if c.waits else None,
        arrivals_per_hour=per_hour(c.arrivals, hours),
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


def _rows(source: FactSource, by: By, hours: OpenHours, labels: Labels) -> list[Figures]:
    groups = _group(source, by)
    return [
        _figures(k, labels.label(by, k), groups[k], _hours_of(by, k, hours))
        for k in labels.order(by, list(groups))
    ]
