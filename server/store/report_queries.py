"""The sums behind a report, asked of SQLite through a read-only connection.

The facts of the period are the summarised days' rows of `report_facts` plus, in a temporary
table of this connection, the facts derived from the events of days not summarised (the same
rows, server/store/summaries.py). One query counts per group; one per duration takes its
median, 90th percentile and maximum by rank (window functions), so no row of a busy year
passes through Python.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from server.reports.visits import Fact

# The SQL of each grouping's key, over `f` (the facts) and `s` (the services).
KEYS = {
    "service": "f.service",
    "institution": "coalesce(s.institution, '')",
    "counter": "f.counter",
    "clerk": "f.clerk",
    "hour": "printf('%02d', f.hour)",
    "weekday": "CAST(f.weekday AS TEXT)",
    "priority": "f.priority",
    "day": "f.day",
    "total": "''",
}
# Waits are measured against this when a service is no longer in the configuration.
DEFAULT_TARGET_MS = 15 * 60_000
_COLUMNS = ", ".join(Fact._fields)


@dataclass(frozen=True)
class Counts:
    tickets: int
    served: int
    no_shows: int
    transfers: int
    cancelled: int
    unserved: int
    booked: int
    checked_in: int
    booking_no_shows: int
    punctual: int
    waits: int
    wait_ms_sum: int
    service_times: int
    service_ms_sum: int
    within_target: int
    arrivals: int


@dataclass(frozen=True)
class Ranks:
    """A duration's spread in one group, in milliseconds."""

    count: int
    median_ms: float
    p90_ms: int
    max_ms: int


_COUNTS = """
SELECT {key} AS k,
    sum(f.kind = 'visit'),
    sum(f.kind = 'visit' AND f.outcome = 'served'),
    sum(f.kind = 'visit' AND f.outcome = 'no_show'),
    sum(f.kind = 'visit' AND f.outcome = 'transferred'),
    sum(f.kind = 'visit' AND f.outcome = 'cancelled'),
    sum(f.kind = 'visit' AND f.outcome = 'unserved'),
    sum(f.kind = 'booking'),
    sum(f.booking),
    sum(f.kind = 'booking' AND f.outcome = 'missed'),
    sum(f.punctual),
    count(f.wait_ms),
    coalesce(sum(f.wait_ms), 0),
    count(f.service_ms),
    coalesce(sum(f.service_ms), 0),
    coalesce(sum(f.wait_ms <= coalesce(s.target_ms, {default})), 0),
    sum(f.kind = 'visit' AND f.leg = 0)
FROM ({source}) AS f LEFT JOIN temp.report_services AS s ON s.service = f.service
GROUP BY k
"""

_RANKS = """
SELECT k, v, r, n FROM (
    SELECT {key} AS k, f.{column} AS v,
        row_number() OVER (PARTITION BY {key} ORDER BY f.{column}) AS r,
        count(*) OVER (PARTITION BY {key}) AS n
    FROM ({source}) AS f LEFT JOIN temp.report_services AS s ON s.service = f.service
    WHERE f.{column} IS NOT NULL
) WHERE r = (n + 1) / 2 OR r = n / 2 + 1 OR r = (9 * n + 9) / 10 OR r = n
"""


class FactSource:
    """The facts of one period on one read-only connection, ready to be grouped."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        summarised: bool,
        first: date,
        last: date,
        weekday: int | None,
    ) -> None:
        self.conn = conn
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS report_fresh ({_COLUMNS})")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS report_services "
            "(service TEXT PRIMARY KEY, institution TEXT, target_ms INTEGER)"
        )
        conn.execute("DELETE FROM temp.report_fresh")
        conn.execute("DELETE FROM temp.report_services")
        fresh = f"SELECT {_COLUMNS} FROM temp.report_fresh"
        if not summarised:
            self.sql = fresh
            self.params: tuple[object, ...] = ()
            return
        kept = f"SELECT {_COLUMNS} FROM main.report_facts WHERE day BETWEEN ? AND ?"
        self.params = (first.isoformat(), last.isoformat())
        if weekday is not None:
            kept += " AND weekday = ?"
            self.params += (weekday,)
        self.sql = f"{kept} UNION ALL {fresh}"

    def add_fresh(self, facts: Iterable[Fact]) -> None:
        self.conn.executemany(
            f"INSERT INTO temp.report_fresh VALUES ({', '.join('?' * len(Fact._fields))})",
            facts,
        )

    def set_services(self, rows: Sequence[tuple[str, str, int]]) -> None:
        """(service, institution, target wait in ms) of each configured service."""
        self.conn.executemany("INSERT INTO temp.report_services VALUES (?, ?, ?)", rows)

    def counts(self, by: str) -> dict[str, Counts]:
        sql = _COUNTS.format(key=KEYS[by], source=self.sql, default=DEFAULT_TARGET_MS)
        return {str(k): Counts(*rest) for k, *rest in self.conn.execute(sql, self.params)}

    def ranks(self, by: str, column: str) -> dict[str, Ranks]:
        """Median, 90th percentile (nearest rank) and maximum of `column` per group."""
        sql = _RANKS.format(key=KEYS[by], column=column, source=self.sql)
        picked: dict[str, dict[int, int]] = {}
        sizes: dict[str, int] = {}
        for k, v, r, n in self.conn.execute(sql, self.params):
            picked.setdefault(str(k), {})[r] = v
            sizes[str(k)] = n
        out = {}
        for k, at in picked.items():
            n = sizes[k]
            median = (at[(n + 1) // 2] + at[n // 2 + 1]) / 2
            out[k] = Ranks(n, median, at[(9 * n + 9) // 10], at[n])
        return out

    def clerk_names(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT id, name FROM main.clerks").fetchall())
