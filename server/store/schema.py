"""The database schema as forward migrations, versioned with `PRAGMA user_version`.

`MIGRATIONS[i]` takes a database from version `i` to `i + 1`. Migrations are only ever
appended, never edited: a released one has already run on someone's database. Each runs,
with its `user_version` bump, in one transaction, so a crash mid-upgrade leaves the old
version intact and the next start simply runs it again.

Instants are stored as fixed-width ISO 8601 UTC text (`utc_text`), so text order is time
order and the `at` indexes answer range queries.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime

from server.store.errors import StoreError

# "Rind" in ASCII: marks the file as ours, so we never migrate another program's database.
APPLICATION_ID = 0x52696E64

MIGRATIONS: list[list[str]] = [
    # 1: the event log, state snapshots, idempotent replies, device tokens and clerks.
    [
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            data BLOB NOT NULL
        )""",
        "CREATE INDEX events_at ON events(at)",
        """CREATE TABLE snapshots (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            data BLOB NOT NULL
        )""",
        """CREATE TABLE replies (
            device TEXT NOT NULL,
            request_id TEXT NOT NULL,
            at TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (device, request_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX replies_at ON replies(at)",
        """CREATE TABLE tokens (
            hash TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            device TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE clerks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        f"PRAGMA application_id = {APPLICATION_ID}",
    ],
    # 2: when each device token was last used, for `rinda token list` (NULL: not yet).
    ["ALTER TABLE tokens ADD COLUMN last_seen TEXT"],
    # 3: a booking's personal data, apart from the log so that it can really be deleted
    # (server/store/personal.py); `day` is the booking's local date, what purging goes by.
    [
        """CREATE TABLE personal (
            booking TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            name TEXT NOT NULL,
            contact TEXT NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX personal_day ON personal(day)",
    ],
    # 4: requests of the command line (`rinda appointments ...`) to whoever owns the log: a
    # running server, or the command itself when none runs (server/store/inbox.py).
    [
        """CREATE TABLE inbox (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            request BLOB NOT NULL,
            taken INTEGER NOT NULL DEFAULT 0,
            answer BLOB
        )""",
    ],
    # 5: the daily summaries of wait-time reports (server/store/summaries.py): per closed
    # local day, per grouping and group, the counts and every wait and service time (packed
    # 32-bit seconds); `report_days` lists the days written, with the version of the rules
    # that wrote them (a day without a ticket is still a day summarised). The partial index
    # finds the few booking events among the many.
    [
        """CREATE TABLE report_groups (
            day TEXT NOT NULL,
            by TEXT NOT NULL,
            key TEXT NOT NULL,
            weekday INTEGER NOT NULL,
            tickets INTEGER NOT NULL,
            served INTEGER NOT NULL,
            no_shows INTEGER NOT NULL,
            transfers INTEGER NOT NULL,
            cancelled INTEGER NOT NULL,
            unserved INTEGER NOT NULL,
            booked INTEGER NOT NULL,
            checked_in INTEGER NOT NULL,
            booking_no_shows INTEGER NOT NULL,
            punctual INTEGER NOT NULL,
            within_target INTEGER NOT NULL,
            arrivals INTEGER NOT NULL,
            waits BLOB NOT NULL,
            service_times BLOB NOT NULL,
            PRIMARY KEY (by, day, key)
        ) WITHOUT ROWID""",
        """CREATE TABLE report_days (
            day TEXT PRIMARY KEY,
            written_at TEXT NOT NULL,
            version INTEGER NOT NULL
        ) WITHOUT ROWID""",
        """CREATE INDEX events_bookings ON events(at) WHERE type IN
            ('booked', 'booking_moved', 'booking_cancelled', 'booking_missed')""",
    ],
    # 6: how the waits told at issue compared with the real ones, per group of the daily
    # summaries (server/reports/tally.py). Days kept before have the zeros of the default
    # and an older FACTS_VERSION, so reports read them from their events until rewritten.
    [
        f"ALTER TABLE report_groups ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
        for name in (
            "told",
            "told_sum_s",
            "waited_sum_s",
            "miss_sum_s",
            "abs_miss_sum_s",
            "told_close",
        )
    ],
    # 7: a visitor's comment with a rating (`[feedback] comment_chars`), personal data kept
    # apart from the log like a booking's name (server/store/personal.py), by the ticket's
    # local day (what purging goes by) and number; the latest comment of a ticket counts.
    [
        """CREATE TABLE comments (
            day TEXT NOT NULL,
            ticket TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (day, ticket)
        ) WITHOUT ROWID""",
    ],
    # 8: the visitors' ratings per group of the daily summaries (server/reports/tally.py):
    # counts in `report_groups`, and per reason id in `report_reasons` (a centre configures
    # its own reasons, so they are rows, not columns). Days kept before read as unrated and
    # have an older FACTS_VERSION: reports derive them from their events until rewritten.
    [
        *(
            f"ALTER TABLE report_groups ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
            for name in ("rated", "rated_anonymous", "score_sum", "satisfied", "unhappy")
        ),
        """CREATE TABLE report_reasons (
            day TEXT NOT NULL,
            by TEXT NOT NULL,
            key TEXT NOT NULL,
            weekday INTEGER NOT NULL,
            reason TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (by, day, key, reason)
        ) WITHOUT ROWID""",
    ],
    # 9: when a visitor who joined the queue from home was sent "your turn is near" (NULL:
    # not yet; server/store/notified.py). Their contact is a `personal` row keyed "t:" + the
    # ticket's link token, so the mark lives and is purged with it, apart from the log.
    ["ALTER TABLE personal ADD COLUMN notified TEXT"],
    # 10: tickets joined from home, and how many of them lapsed, per group of the daily
    # summaries (server/reports/tally.py). Days kept before read as none and have an older
    # FACTS_VERSION: reports derive them from their events until rewritten.
    [
        f"ALTER TABLE report_groups ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
        for name in ("remote", "remote_lapsed")
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


def utc_text(at: datetime) -> str:
    """An aware instant as fixed-width ISO 8601 UTC text: `2025-03-03T07:00:00.000000Z`."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at!r} has no time zone: the store keeps only aware (UTC) instants")
    return at.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _pragma_int(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute(f"PRAGMA {name}").fetchone()
    return int(row[0])


def _check_ours(conn: sqlite3.Connection, version: int) -> None:
    app_id = _pragma_int(conn, "application_id")
    if app_id not in (0, APPLICATION_ID) or (version > 0 and app_id != APPLICATION_ID):
        raise StoreError(
            "this is another program's SQLite database, not Rinda's; choose another file"
        )
    if version == 0:
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            raise StoreError(
                "this SQLite database already holds tables that are not Rinda's; "
                "choose another file"
            )


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any, keeping quiet: SQLite may have rolled back
    already, and the error that brought us here is the one worth reporting."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def migrate(conn: sqlite3.Connection, migrations: list[list[str]] | None = None) -> int:
    """Bring the database up to the newest schema; return the schema version.

    Runs on a connection opened with `isolation_level=None`. Always ends with a committed
    write transaction (a no-op `user_version` write when nothing was due), so a database that
    cannot be written fails here, when the server starts, rather than at the first ticket.
    """
    steps = MIGRATIONS if migrations is None else migrations
    known = len(steps)
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: another process may have migrated meanwhile.
            version = _pragma_int(conn, "user_version")
            if version > known:
                raise StoreError(
                    f"database schema {version} is newer than this Rinda ({known}); upgrade Rinda"
                )
            _check_ours(conn, version)
            if version < known:
                for sql in steps[version]:
                    conn.execute(sql)
                version += 1
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        if version == known:
            return version
