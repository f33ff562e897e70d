"""The raw event log of a period, read for an audit export (`rinda export events`).

Through a read-only connection (server/store/summaries.py `open_read_only`) and one read
transaction, so the export is one consistent view of the log and never blocks the server's
writer (WAL). Rows are fetched CHUNK at a time: a year's log streams through in bounded
memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from server.store.errors import StoreError
from server.store.schema import utc_text
from server.store.summaries import open_read_only

CHUNK = 4096
# (seq, at as stored: ISO 8601 UTC text, type, the event's JSON)
EventRow = tuple[int, str, str, bytes]


class LogSlice:
    """The events from the first at or after `start` to the last before `end`, in log
    order (seq). Empty when no event falls in the period."""

    def __init__(self, conn: sqlite3.Connection, start: datetime, end: datetime) -> None:
        self._conn = conn
        first = conn.execute("SELECT min(seq) FROM events WHERE at >= ?", (utc_text(start),))
        last = conn.execute("SELECT max(seq) FROM events WHERE at < ?", (utc_text(end),))
        self.first: int | None = first.fetchone()[0]
        self.last: int | None = last.fetchone()[0]

    def __bool__(self) -> bool:
        return self.first is not None and self.last is not None and self.first <= self.last

    def __iter__(self) -> Iterator[EventRow]:
        if not self:
            return
        cursor = self._conn.execute(
            "SELECT seq, at, type, data FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (self.first, self.last),
        )
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


@contextmanager
def log_slice(db: Path, start: datetime, end: datetime) -> Iterator[LogSlice]:
    """The period's events from the database at `db` (StoreError if it cannot be read)."""
    conn = open_read_only(db)
    try:
        conn.execute("BEGIN")  # one read transaction: the same log from the first row to the last
        yield LogSlice(conn, start, end)
    except sqlite3.Error as e:
        raise StoreError(f"Cannot read the event log in {db}: {e}.") from None
    finally:
        conn.close()
