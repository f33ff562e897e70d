"""Reading the visitors' comments of a period (`rinda comments`): personal data kept apart
from the log (server/store/personal.py), by the ticket's local day and number.

Read through the caller's read-only connection (server/store/summaries.py `open_read_only`),
inside its read transaction, so the comments and the events they are matched with are one view.
"""

from __future__ import annotations

import sqlite3
from datetime import date

# The schema version that made the `comments` table (server/store/schema.py); a database an
# older server kept has no comments at all.
COMMENTS_SCHEMA = 7


def period_comments(
    conn: sqlite3.Connection, first: date, last: date
) -> list[tuple[date, str, str]]:
    """(day, ticket number, text) of every comment kept from `first` to `last` (both
    included), by day and number."""
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) < COMMENTS_SCHEMA:
        return []
    rows = conn.execute(
        "SELECT day, ticket, text FROM comments WHERE day BETWEEN ? AND ? ORDER BY day, ticket",
        (first.isoformat(), last.isoformat()),
    ).fetchall()
    return [(date.fromisoformat(d), str(t), str(x)) for d, t, x in rows]
