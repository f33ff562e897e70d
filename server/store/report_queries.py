"""The kept tallies of a report's days (server/reports/tally.py): one row per day and group of
a grouping, its waits and service times packed, and one per day, group and reason a rating
gave. Counts are summed by SQLite; the durations come back as the packed bytes, appended to
the group's array without a Python loop."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from datetime import date

from server.reports.tally import COUNTS, DURATION, FACTS_VERSION, DayTallies

COLUMNS = ("day", "by", "key", "weekday", *COUNTS, "waits", "service_times")
_INSERT = (
    f"INSERT INTO report_groups ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)


_REASONS = "INSERT INTO report_reasons (day, by, key, weekday, reason, n) VALUES (?, ?, ?, ?, ?, ?)"


def unpack(data: bytes) -> array[int]:
    out = array(DURATION)
    out.frombytes(data)
    return out


def _where(by: str, first: date, last: date, weekday: int | None) -> tuple[str, tuple[object, ...]]:
    # Only days kept by the current rules (others are derived from their events instead).
    sql = (
        "WHERE by = ? AND day BETWEEN ? AND ? "
        "AND day IN (SELECT day FROM report_days WHERE version = ?)"
    )
    params: tuple[object, ...] = (by, first.isoformat(), last.isoformat(), FACTS_VERSION)
    if weekday is not None:
        sql += " AND weekday = ?"
        params += (weekday,)
    return sql, params


def kept_counts(
    conn: sqlite3.Connection, by: str, first: date, last: date, weekday: int | None
) -> dict[str, tuple[int, ...]]:
    """Per group of `by`: the counts (in the order of COUNTS) of the kept days from `first`
    to `last` (of that ISO weekday only), summed."""
    where, params = _where(by, first, last, weekday)
    sums = ", ".join(f"sum({name})" for name in COUNTS)
    sql = f"SELECT key, {sums} FROM report_groups {where} GROUP BY key"
    return {str(key): tuple(counts) for key, *counts in conn.execute(sql, params)}


def kept_reasons(
    conn: sqlite3.Connection, by: str, first: date, last: date, weekday: int | None
) -> dict[str, dict[str, int]]:
    """Per group of `by`: how many ratings gave each reason on the kept days, summed."""
    where, params = _where(by, first, last, weekday)
    sql = f"SELECT key, reason, sum(n) FROM report_reasons {where} GROUP BY key, reason"
    out: dict[str, dict[str, int]] = {}
    for key, reason, n in conn.execute(sql, params):
        out.setdefault(str(key), {})[str(reason)] = int(n)
    return out


def kept_durations(
    conn: sqlite3.Connection, by: str, first: date, last: date, weekday: int | None
) -> Iterator[tuple[str, bytes, bytes]]:
    """(group, packed waits, packed service times) of each kept day and group."""
    where, params = _where(by, first, last, weekday)
    sql = f"SELECT key, waits, service_times FROM report_groups {where}"
    for key, waits, service_times in conn.execute(sql, params):
        yield str(key), waits, service_times


def tally_rows(tallies: DayTallies) -> Sequence[tuple[object, ...]]:
    """The rows of `report_groups` holding `tallies`."""
    return [
        (
            day.isoformat(),
            by,
            key,
            day.isoweekday(),
            *t.counts(),
            t.waits.tobytes(),
            t.service_times.tobytes(),
        )
        for (day, by, key), t in tallies.items()
    ]


def reason_rows(tallies: DayTallies) -> Sequence[tuple[object, ...]]:
    """The rows of `report_reasons` holding the reasons of `tallies`."""
    return [
        (day.isoformat(), by, key, day.isoweekday(), reason, n)
        for (day, by, key), t in tallies.items()
        for reason, n in t.reasons.items()
    ]


def insert_tallies(conn: sqlite3.Connection, tallies: DayTallies) -> None:
    conn.executemany(_INSERT, tally_rows(tallies))
    conn.executemany(_REASONS, reason_rows(tallies))


def clerk_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(i): str(n) for i, n in conn.execute("SELECT id, name FROM clerks")}
