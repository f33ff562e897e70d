"""aiosqlite's connection with the one call the store needs that aiosqlite does not offer.

aiosqlite runs every public call (`execute`, `commit`, ...) as a function queued to the one
thread that owns the sqlite3 connection, through its internal `Connection._execute`, but it
has no public "run this function on your thread". The store needs exactly that: a whole
transaction, `BEGIN IMMEDIATE` to `COMMIT`, in one round trip (see server/store/events.py for
why). `SqliteThread.run` is that call, written as upstream would add it: a subclass using the
base class's own internals, in this one file. pyproject.toml pins aiosqlite below the next
release it was checked against; tests/store runs every transaction through it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

import aiosqlite

T = TypeVar("T")


class SqliteThread(aiosqlite.Connection):
    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """`fn(connection)` on the connection's thread; its result or its exception."""

        def call() -> T:
            return fn(self._conn)

        return cast(T, await self._execute(call))  # type: ignore[no-untyped-call]

    async def stopped(self, timeout: float) -> None:
        """Wait until the thread has ended (after a failed open, aiosqlite stops it without
        waiting; a thread still running reports to a closed event loop when the caller exits)."""
        await asyncio.to_thread(self._thread.join, timeout)


def connect(path: Path) -> SqliteThread:
    """Like `aiosqlite.connect(path, isolation_level=None)`: autocommit, so the store's own
    `BEGIN IMMEDIATE` ... `COMMIT` are the only transactions."""
    return SqliteThread(lambda: sqlite3.connect(path, isolation_level=None), iter_chunk_size=64)
