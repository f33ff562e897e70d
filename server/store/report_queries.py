"""The kept tallies of a report's days (server/reports/tally.py), read through a read-only
connection: one row per day and group of a grouping, its waits and service times packed."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from datetime import date

from server.reports.tally import COUNTS, DURATION, DayTallies, Tally

COLUMNS = ("day", "by", "key", "weekday", *COUNTS, "waits", "service_times")
_INSERT = (
    f"INSERT INTO report_groups ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)


def _unpack(data: bytes) -> array[int]:
    out = array(DURATION)
    out.frombytes(data)
    return out


def kept_tallies(
    conn: sqlite3.Connection, by: str, first: date, last: date, weekday: int | None
) -> Iterator[tuple[str, Tally]]:
    """(group, tally) of each kept day from `first` to `last` (of that ISO weekday only)."""
    sql = (
        f"SELECT key, {', '.join(COUNTS)}, waits, service_times FROM report_groups "
        "WHERE by = ? AND day BETWEEN ? AND ?"
    )
    params: tuple[object, ...] = (by, first.isoformat(), last.isoformat())
    if weekday is not None:
        sql += " AND weekday = ?"
        params += (weekday,)
    for key, *counts, waits, service_times in conn.execute(sql, params):
        t = Tally(**dict(zip(COUNTS, counts, strict=True)))
        t.waits, t.service_times = _unpack(waits), _unpack(service_times)
        yield str(key), t


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


def insert_tallies(conn: sqlite3.Connection, tallies: DayTallies) -> None:
    conn.executemany(_INSERT, tally_rows(tallies))


def clerk_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(i): str(n) for i, n in conn.execute("SELECT id, name FROM clerks")}
