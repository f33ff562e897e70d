"""`rinda export facts`: a period of the centre's log as its anonymous facts file.

Each local day's events are folded into visits by the report's own fold
(server/reports/visits.py), so a row counts a wait exactly as `rinda report` does, and only
one day's events are in memory at a time. The log is read through a read-only connection in
one read transaction (one consistent view; the server's writer is never held up: WAL), as far
as `now`: today's visits still open are "unserved", as in the report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from server.config import CentreConfig
from server.core.numbering import service_day
from server.network.facts_file import check_output, write_facts
from server.network.facts_rows import FactRows
from server.reports.period import ReportError, check_period, nothing_in
from server.reports.visits import visit_facts
from server.store.summaries import day_events, open_read_only


def export_facts(
    db: Path,
    config: CentreConfig,
    start: date,
    end: date,
    output: Path,
    *,
    now: datetime,
    replace: bool = False,
) -> int:
    """Write the visits of local days `start`..`end` (up to today) to `output`; how many.
    ReportError for a period that cannot be read or holds no visit, FactsFileError for an
    output that cannot be written (both before anything is written), StoreError for a
    database that cannot be read."""
    check_period(start, end)  # no length limit: a day at a time
    check_output(output, replace=replace)
    last = min(end, service_day(now, config.tz))
    days = [start + timedelta(days=i) for i in range((last - start).days + 1)]
    conn = open_read_only(db)
    try:
        conn.execute("BEGIN")
        rows = FactRows(config, config.centre_id)
        empty = nothing_in("visit", start, end)
        return write_facts(
            _lines(conn, config, days, now, rows), output, replace=replace, empty=empty
        )
    except sqlite3.Error as e:
        raise ReportError(f"Cannot read the database {db}: {e}.") from None
    finally:
        conn.close()


def _lines(
    conn: sqlite3.Connection, config: CentreConfig, days: list[date], now: datetime, rows: FactRows
) -> Iterator[str]:
    for day in days:
        yield from rows.lines(visit_facts(day_events(conn, day, config, now), config.tz))
