"""What is written beside the log but never into it: a booking's personal data and a visitor's
comment. Both are personal, so they live in tables of their own that a purge can really
delete (server/store/personal.py), and are written in the transaction of the events they
belong to (`EventStore.append`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# (booking id, local date as YYYY-MM-DD, name, contact): a booking's personal data; with
# name and contact None, only the day of a moved booking (purging goes by the day).
PersonalRow = tuple[str, str, str | None, str | None]
# (local date as YYYY-MM-DD, ticket number, text): a visitor's comment with a rating.
CommentRow = tuple[str, str, str]

_INSERT_PERSONAL = (
    "INSERT OR REPLACE INTO personal (booking, day, name, contact) VALUES (?, ?, ?, ?)"
)
_MOVE_PERSONAL = "UPDATE personal SET day = ? WHERE booking = ?"
_INSERT_COMMENT = "INSERT OR REPLACE INTO comments (day, ticket, text) VALUES (?, ?, ?)"


def write_apart(
    conn: sqlite3.Connection, personal: Sequence[PersonalRow], comments: Sequence[CommentRow]
) -> None:
    """Inside the caller's open transaction."""
    for row in personal:
        if row[2] is None:
            conn.execute(_MOVE_PERSONAL, (row[1], row[0]))
        else:
            conn.execute(_INSERT_PERSONAL, row)
    if comments:
        conn.executemany(_INSERT_COMMENT, comments)
