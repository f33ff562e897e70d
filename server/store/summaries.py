"""The daily summaries of wait-time reports: the tallies of each closed local day per
grouping and group (server/reports/tally.py), kept in `report_groups` so a year's report reads
a few thousand rows instead of replaying millions of events.

Facts are derived from the events through a read-only connection of their own (reading never
waits for the server's writer, nor the writer for it: WAL), then written in one short
transaction of their own: the server does that for each closed day after the day roll's
commit (server/net/summaries.py), never on a ticket's path. A day not summarised (today,
or one the server has not written yet) is derived the same way when a report asks for it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import msgspec

from server.config import CentreConfig
from server.core.events import AnyEvent
from server.reports.tally import FACTS_VERSION, DayTallies, day_tallies
from server.reports.visits import Fact, booking_facts, visit_facts
from server.store.errors import StoreError
from server.store.events import EventStore
from server.store.report_queries import insert_tallies
from server.store.schema import utc_text

# The schema version whose `report_groups` has every column of a Tally, and whose
# `report_reasons` keeps its reasons (server/store/schema.py).
# A database an older server still keeps lacks some: a report reads its events instead.
SUMMARY_SCHEMA = 10
_BOOKING_TYPES = "('booked', 'booking_moved', 'booking_cancelled', 'booking_missed')"
_decoder: msgspec.json.Decoder[AnyEvent] = msgspec.json.Decoder(AnyEvent)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read the database at `path` (StoreError if there is none).

    Read-only in SQLite's own sense (`mode=ro`): it cannot write the file even by mistake,
    while temporary tables (its own, in memory) still work."""
    if not path.is_file():
        raise StoreError(f"There is no database at {path}.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as e:
        raise StoreError(f"Cannot read the database {path}: {e}.") from None
    return conn


def has_summaries(conn: sqlite3.Connection) -> bool:
    """Whether this database has the summary tables (a server of this version opened it)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= SUMMARY_SCHEMA


def _start(day: date, config: CentreConfig) -> str:
    return utc_text(datetime.combine(day, time(0), config.tz))


def _decode(rows: Sequence[tuple[bytes]]) -> list[AnyEvent]:
    return [_decoder.decode(data) for (data,) in rows]


def day_events(
    conn: sqlite3.Connection, day: date, config: CentreConfig, until: datetime
) -> list[AnyEvent]:
    """The events of one local day (up to `until`), in log order."""
    rows = conn.execute(
        "SELECT data FROM events WHERE at >= ? AND at < ? AND at <= ? ORDER BY seq",
        (_start(day, config), _start(day + timedelta(days=1), config), utc_text(until)),
    ).fetchall()
    return _decode(rows)


def booking_events(
    conn: sqlite3.Connection, first: date, last: date, config: CentreConfig, until: datetime
) -> list[AnyEvent]:
    """Every booking event that may concern a slot from `first` to `last`: made at most twice
    the longest `days_ahead` before (a booking moved later was made earlier than its new
    slot's own window), settled at most a day after."""
    ahead = max((s.booking.days_ahead for s in config.services.values() if s.booking), default=0)
    since = _start(first - timedelta(days=2 * ahead + 2), config)
    end = _start(last + timedelta(days=2), config)
    rows = conn.execute(
        f"SELECT data FROM events WHERE type IN {_BOOKING_TYPES} AND at >= ? AND at < ? "
        "AND at <= ? ORDER BY seq",
        (since, end, utc_text(until)),
    ).fetchall()
    return _decode(rows)


def derive(
    conn: sqlite3.Connection, config: CentreConfig, days: Sequence[date], until: datetime
) -> list[Fact]:
    """The facts of `days`, from their events up to `until`."""
    facts: list[Fact] = []
    for day in days:
        facts += visit_facts(day_events(conn, day, config, until), config.tz)
    if days:
        bookings = booking_events(conn, min(days), max(days), config, until)
        facts += booking_facts(bookings, config.tz, set(days))
    return facts


def summarised_days(conn: sqlite3.Connection, first: date, last: date) -> set[date]:
    if not has_summaries(conn):
        return set()
    rows = conn.execute(
        "SELECT day FROM report_days WHERE day BETWEEN ? AND ? AND version = ?",
        (first.isoformat(), last.isoformat(), FACTS_VERSION),
    ).fetchall()
    return {date.fromisoformat(d) for (d,) in rows}


def missing_days(conn: sqlite3.Connection, config: CentreConfig, before: date) -> list[date]:
    """The days from the first event's to the one before `before` that have no summary."""
    (first,) = conn.execute("SELECT min(at) FROM events").fetchone()
    if first is None:
        return []
    day = datetime.fromisoformat(first).astimezone(config.tz).date()
    done = summarised_days(conn, day, before)
    out = []
    while day < before:
        if day not in done:
            out.append(day)
        day += timedelta(days=1)
    return out


def summarise(path: Path, config: CentreConfig, day: date) -> DayTallies:
    """The tallies of one closed day, read through a read-only connection of their own."""
    conn = open_read_only(path)
    try:
        conn.execute("BEGIN")
        end = datetime.combine(day + timedelta(days=2), time(0), config.tz)
        return day_tallies(derive(conn, config, [day], end), config)
    finally:
        conn.close()


async def write_summary(store: EventStore, day: date, tallies: DayTallies) -> None:
    """Keep the tallies of `day` (replacing any kept before) in one transaction."""
    stamp = utc_text(datetime.now(UTC))

    def write(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM report_groups WHERE day = ?", (day.isoformat(),))
        conn.execute("DELETE FROM report_reasons WHERE day = ?", (day.isoformat(),))
        insert_tallies(conn, tallies)
        conn.execute(
            "INSERT OR REPLACE INTO report_days VALUES (?, ?, ?)",
            (day.isoformat(), stamp, FACTS_VERSION),
        )

    await store.transaction(write, "Saving a day's report summary")


# Runs a function with its arguments elsewhere: asyncio.to_thread, or the report worker.
Runner = Callable[..., Awaitable[DayTallies]]


async def keep_summary(
    store: EventStore, config: CentreConfig, day: date, run: Runner = asyncio.to_thread
) -> int:
    """Derive and keep the summary of the closed `day` (how many groups): read on a
    read-only connection by `run` (default: a thread), written in one short transaction of
    its own."""
    tallies = await run(summarise, store.path, config, day)
    await write_summary(store, day, tallies)
    return len(tallies)
