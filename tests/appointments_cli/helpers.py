"""A centre that books "social" (30-minute slots, two places, around the clock), and the real
`rinda` entry run as an IT person runs it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from server.cli import main
from server.config import CentreConfig, loads
from tests.conftest import centre_toml

BOOKING = """
[services.booking]
slot_min = 30
places = 2
share = 1.0
days_ahead = 30
"""


def booking_toml(extra: str = "") -> str:
    """The shared test centre with bookings for "social" (its first service)."""
    toml = centre_toml().replace('[[services]]\nid = "tax"', f'{BOOKING}\n[[services]]\nid = "tax"')
    return toml + extra


def booking_config(extra: str = "") -> CentreConfig:
    return loads(booking_toml(extra))


async def rinda(*argv: str) -> int:
    """`rinda ARGV...` through its real entry point; main() runs its own event loop, so it
    runs on a worker thread."""
    return await asyncio.to_thread(main, list(argv))


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def every_cell(db: Path) -> Iterator[tuple[str, str, object]]:
    """(table, column, value) of every cell of every table in the database."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    yield table, column, value


def holds(value: object, text: str) -> bool:
    if isinstance(value, bytes):
        return text.encode() in value
    return text in str(value)
