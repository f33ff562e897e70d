"""The inbox: requests of the command line to whoever owns the event log.

A running server keeps the log's last seq and the centre's state in memory, so no other
process may append events behind its back. `rinda appointments ...` therefore leaves its
request here; the owner of the log (the running server, or the command itself when no server
runs) takes it, carries it out like any other request and writes the answer beside it; the
command reads the answer and deletes the row (server/net/admin_inbox.py has the rest).

A row's life: asked (taken 0) -> taken (1) -> answered -> deleted by the asker. A request
nobody took within `STALE_S` seconds is dropped unanswered (its asker has given up); so is an answer
nobody collected. Answers may hold visitors' names (a day's list): rows are deleted, never
kept, and the store's `secure_delete` overwrites them.
"""

from __future__ import annotations

from server.store.events import EventStore

# Longer than any asker waits (server/cli_appointments.py): older rows are nobody's.
STALE_S = 120
# Rows are stamped by SQLite's own clock, not the caller's: the asker and the owner compare
# the same clock (a server under test runs on a made-up one).
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


async def ask(store: EventStore, request: bytes) -> int:
    """Leave a request; its row id, to wait for the answer with."""
    rows = await store.fetch_rows(
        f"INSERT INTO inbox (at, request) VALUES ({_NOW}, ?) RETURNING id", (request,)
    )
    return int(rows[0][0])


async def pending(store: EventStore) -> list[tuple[int, bytes]]:
    """The requests to carry out, oldest first, after dropping what is stale.

    A taken request without an answer is listed again: its owner stopped half-way (a crash
    between the commit and the answer), and carrying it out again is safe because the owner
    remembers the answer of every request id (server/net/replies.py).
    """
    await store.write_statement(
        f"DELETE FROM inbox WHERE at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{STALE_S} seconds')"
    )
    rows = await store.fetch_rows("SELECT id, request FROM inbox WHERE answer IS NULL ORDER BY id")
    return [(int(i), bytes(r)) for i, r in rows]


async def take(store: EventStore, row: int) -> bool:
    """Mark a request taken, so its asker no longer withdraws it; False if it is gone."""
    return await store.write_statement("UPDATE inbox SET taken = 1 WHERE id = ?", (row,)) == 1


async def answer(store: EventStore, row: int, data: bytes) -> None:
    await store.write_statement("UPDATE inbox SET answer = ? WHERE id = ?", (data, row))


async def answer_of(store: EventStore, row: int) -> bytes | None:
    rows = await store.fetch_rows("SELECT answer FROM inbox WHERE id = ?", (row,))
    return None if not rows or rows[0][0] is None else bytes(rows[0][0])


async def withdraw(store: EventStore, row: int) -> bool:
    """Take back a request nobody has taken; False if someone has (then wait for it)."""
    done = await store.write_statement("DELETE FROM inbox WHERE id = ? AND taken = 0", (row,))
    return done == 1


async def forget(store: EventStore, row: int) -> None:
    await store.write_statement("DELETE FROM inbox WHERE id = ?", (row,))
