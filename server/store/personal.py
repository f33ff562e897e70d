"""A booking's personal data (a name, a phone number or e-mail): kept apart from the event
log, snapshots and server log, keyed by the booking's id, so that it can be deleted for real.
A visitor's comment with a rating (`[feedback] comment_chars`) is kept the same way, by its
ticket's day and number, and purged with it.

Rows are written by `EventStore.append` in the transaction of the booking's events (a row
without a name and contact only moves the booking's `day`, which purging goes by), or of the
rating's. The phone number or e-mail of a visitor who joined the queue from home is a row
keyed "t:" + the ticket's link token, with the mark of its "your turn is near" message
(server/store/notified.py); the purge deletes both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from server.store.events import EventStore

# SQLite's default limit of host parameters is 32766; stay well below it per query.
_CHUNK = 900


async def personal_of(store: EventStore, bookings: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(name, contact) of each of these bookings that has any."""
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(bookings), _CHUNK):
        part = bookings[i : i + _CHUNK]
        marks = ", ".join("?" * len(part))
        rows = await store.fetch_rows(
            f"SELECT booking, name, contact FROM personal WHERE booking IN ({marks})", part
        )
        out.update({str(b): (str(n), str(c)) for b, n, c in rows})
    return out


@dataclass(frozen=True)
class Purged:
    """What a purge deleted, and whether the write-ahead log was emptied after it (False: a
    reader held it; the deleted rows leave it at the next checkpoint)."""

    rows: int
    wal_emptied: bool
    # Visitors' comments deleted (of tickets of the same days).
    comments: int = 0


async def purge(store: EventStore, before: date) -> Purged:
    """Delete the personal data of every booking, and every visitor's comment, whose local
    day is before `before`.

    `secure_delete` (store/events.py) overwrites the rows where they lay; the checkpoint then
    copies those pages into the database file and truncates the write-ahead log, whose older
    page images still held the rows. Safe beside a running server: this is not the event
    log, and SQLite serialises the two writers (busy_timeout).
    """
    day = (before.isoformat(),)
    rows = await store.write_statement("DELETE FROM personal WHERE day < ?", day)
    comments = await store.write_statement("DELETE FROM comments WHERE day < ?", day)
    (busy, _pages, _copied), *_ = await store.fetch_rows("PRAGMA wal_checkpoint(TRUNCATE)")
    return Purged(rows, wal_emptied=busy == 0, comments=comments)
