"""Which visitors who joined the queue from home were sent "your turn is near"
(server/net/notifier.py).

Their phone number or e-mail is a `personal` row keyed "t:" + the ticket's link token
(server/store/apart.py), and the mark is that row's `notified` column: apart from the event
log, and purged with the contact (server/store/personal.py). It is set before the message
goes out, so a restart never sends one twice.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from server.store.events import EventStore
from server.store.schema import utc_text

# The prefix of a remote ticket's key in `personal` (a booking's key is its hex id).
TICKET_KEY = "t:"


def ticket_key(token: str) -> str:
    return TICKET_KEY + token


async def not_yet_notified(store: EventStore, day: str) -> list[str]:
    """The link tokens of the day's tickets with a contact and no message sent yet."""
    rows = await store.fetch_rows(
        "SELECT booking FROM personal WHERE day = ? AND substr(booking, 1, 2) = ? "
        "AND contact != '' AND notified IS NULL",
        (day, TICKET_KEY),
    )
    return [str(key).removeprefix(TICKET_KEY) for (key,) in rows]


async def claim(store: EventStore, token: str, at: datetime) -> str | None:
    """Mark the message of the ticket with this link token sent at `at`, and return the
    contact to send it to; None if it was sent already or there is no contact (purged)."""
    key = ticket_key(token)

    def mark(conn: sqlite3.Connection) -> str | None:
        row = conn.execute(
            "SELECT contact FROM personal WHERE booking = ? AND notified IS NULL", (key,)
        ).fetchone()
        if row is None:
            return None
        conn.execute("UPDATE personal SET notified = ? WHERE booking = ?", (utc_text(at), key))
        return str(row[0])

    return await store.transaction(mark, "Marking a message sent")
