"""The event log in SQLite: append events (and the replies they answer) in one transaction,
load the newest snapshot and the events after it, keep a few snapshots.

One writer connection (aiosqlite: one thread owns the sqlite3 connection), in WAL mode with
`synchronous=FULL`: a commit is on the disk (fsynced) before `append` returns, so an
acknowledged ticket survives a power cut, not only a crashed process (NORMAL would only
survive the latter). Measured with tests/bench/store_append.py on the development VM (SSD,
~7,700 fdatasync/s): FULL ~3,200-3,900 single-event appends/s and ~2,200-2,600 appends/s of
20 events (~45,000 events/s); NORMAL ~7,000-10,000 and ~4,000. FULL costs half the rate only
when every command is committed on its own; the server commits the events of several commands
at once (group commit), and even one commit per ticket is ~100x a busy centre's peak.

Every transaction runs as one function on the connection's thread (`_run`), from
`BEGIN IMMEDIATE` to `COMMIT` or `ROLLBACK`. That is one round trip to the thread instead
of one per statement (each trip costs ~80 µs, as much as the fsync: measured ~2,300 appends/s
statement by statement against ~3,800 as one call), and it makes a transaction indivisible
from the event loop's side: a cancelled `await` cannot leave a transaction open half-way, and
coroutines never interleave statements inside another's transaction, so no asyncio lock is
needed. aiosqlite has no public call for "run this function on your thread"; the small
subclass in server/store/connection.py adds it.

Event sequence numbers are assigned here (the last one is kept in memory), not by SQLite:
`append` knows its seqs without another query, and a second process writing the same file is
caught by the primary key instead of silently interleaving two logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import msgspec

from server.core.events import AnyEvent
from server.core.model import State
from server.store.apart import CommentRow, PersonalRow, write_apart
from server.store.connection import SqliteThread, connect
from server.store.errors import StoreError
from server.store.schema import migrate, rollback, utc_text

log = logging.getLogger(__name__)

T = TypeVar("T")

# How many snapshots to keep: the newest, plus two to fall back on if it cannot be read.
KEEP_SNAPSHOTS = 3
# Rows fetched per step when reading the log.
CHUNK = 8192
BUSY_TIMEOUT_MS = 5000

_INSERT_EVENT = "INSERT INTO events (seq, at, type, data) VALUES (?, ?, ?, ?)"
_INSERT_REPLY = "INSERT OR REPLACE INTO replies (device, request_id, at, data) VALUES (?, ?, ?, ?)"


def _transaction(conn: sqlite3.Connection, body: Callable[[sqlite3.Connection], T]) -> T:
    """Run `body` inside BEGIN IMMEDIATE ... COMMIT on the connection's thread."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = body(conn)
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return result


class EventStore:
    """The only owner of the Rinda database. Create it with `await EventStore.open(path)`."""

    def __init__(self, path: Path, db: SqliteThread) -> None:
        self.path = path
        self._db: SqliteThread | None = db
        # The seq of the newest committed event; only written on the connection's thread.
        self._seq = 0
        self._event_encoder = msgspec.json.Encoder()
        self._event_decoder: msgspec.json.Decoder[AnyEvent] = msgspec.json.Decoder(AnyEvent)
        self._state_decoder = msgspec.json.Decoder(State)

    # ---- opening and closing -------------------------------------------------------------

    @classmethod
    async def open(cls, path: Path) -> EventStore:
        """Open (creating it and its folder if needed) and migrate the database at `path`.

        Raises StoreError if the folder cannot be created, the file is not a Rinda database,
        its schema is newer than this code, or it cannot be written.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"Cannot create the folder {path.parent} for the database: {e.strerror}."
            ) from None
        db = connect(path)
        try:
            await db
        except sqlite3.Error as e:
            await db.stopped(5.0)
            raise StoreError(f"Cannot open the database: {_reason(path, e)}.") from None
        store = cls(path, db)
        try:
            await store._run(store._setup, "Opening the database")
        except BaseException:
            await store.close()
            raise
        return store

    def _setup(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(
                f"SQLite cannot keep {self.path} in write-ahead-log mode (it answered "
                f"{mode!r}); keep the database on a local disk"
            )
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, not left in free pages: a purged name is gone from
        # the file (and from any backup made after), not merely unlinked.
        conn.execute("PRAGMA secure_delete = ON")
        try:
            migrate(conn)
        except StoreError as e:
            raise StoreError(f"{self.path}: {e}") from None
        self._seq = self._max_seq(conn)

    async def close(self) -> None:
        """Finish what is queued and close the connection. Safe to call twice."""
        db, self._db = self._db, None
        if db is not None:
            await db.close()

    async def __aenter__(self) -> EventStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ---- the log -------------------------------------------------------------------------

    @property
    def last_seq(self) -> int:
        """The seq of the newest committed event (0 for an empty log)."""
        return self._seq

    async def append(
        self,
        events: Sequence[AnyEvent],
        replies: Sequence[tuple[str, str, bytes]] = (),
        *,
        at: datetime | None = None,
        personal: Sequence[PersonalRow] = (),
        comments: Sequence[CommentRow] = (),
    ) -> int:
        """Append `events` in order and store `replies` (device, request_id, reply bytes,
        replacing an older reply to the same request), the `personal` data of bookings and
        visitors' `comments` (both kept out of the log) in ONE transaction; return the seq of
        the last event (the current last seq if `events` is empty).

        When this returns, the transaction is committed and fsynced. On any failure it raises
        StoreError and nothing of the batch was written. Replies are stamped with `at`, else
        the last event's time, else the current time (what `replies_since` filters on).
        """
        if not events and not replies and not comments:
            return self._seq
        encode = self._event_encoder.encode
        rows = [(utc_text(e.at), str(e.__struct_config__.tag), encode(e)) for e in events]
        if replies:
            if at is None:
                at = events[-1].at if events else datetime.now(UTC)
            stamp = utc_text(at)
            reply_rows = [(device, rid, stamp, data) for device, rid, data in replies]
        else:
            reply_rows = []

        def write(conn: sqlite3.Connection) -> int:
            first = self._seq + 1
            try:
                conn.execute("BEGIN IMMEDIATE")
                if rows:
                    conn.executemany(
                        _INSERT_EVENT, [(seq, *row) for seq, row in enumerate(rows, first)]
                    )
                if reply_rows:
                    conn.executemany(_INSERT_REPLY, reply_rows)
                write_apart(conn, personal, comments)
                conn.execute("COMMIT")
            except BaseException:
                rollback(conn)
                # A failed COMMIT may or may not have reached the disk: ask the disk.
                with contextlib.suppress(sqlite3.Error):
                    self._seq = self._max_seq(conn)
                raise
            self._seq = first + len(rows) - 1
            return self._seq

        return await self._run(write, "Saving events")

    async def load(self) -> tuple[State | None, int, list[AnyEvent]]:
        """The newest readable snapshot's state (None if there is none), the seq it covers
        (0 if none) and every event after it, in order.

        A snapshot that cannot be decoded (written by another version of the State) is
        skipped for an older one, and at worst the whole log is replayed.
        """
        return await self._run(self._load, "Reading the event log")

    def _load(self, conn: sqlite3.Connection) -> tuple[State | None, int, list[AnyEvent]]:
        # Whoever loads is about to own the log: count on from its end as it is now, not as
        # it was when this connection opened (a command that waited while another process
        # owned the log and appended to it).
        self._seq = self._max_seq(conn)
        state: State | None = None
        covered = 0
        for (seq,) in conn.execute("SELECT seq FROM snapshots ORDER BY seq DESC").fetchall():
            (data,) = conn.execute("SELECT data FROM snapshots WHERE seq = ?", (seq,)).fetchone()
            try:
                state = self._state_decoder.decode(data)
            except msgspec.MsgspecError as e:
                log.warning(
                    "snapshot at seq %d of %s cannot be read (%s): skipped", seq, self.path, e
                )
                continue
            covered = seq
            break
        decode = self._event_decoder.decode
        events: list[AnyEvent] = []
        cursor = conn.execute("SELECT seq, data FROM events WHERE seq > ? ORDER BY seq", (covered,))
        while rows := cursor.fetchmany(CHUNK):
            try:
                events.extend([decode(data) for _, data in rows])
            except msgspec.MsgspecError:
                for seq, data in rows:
                    try:
                        decode(data)
                    except msgspec.MsgspecError as e:
                        raise StoreError(
                            f"event {seq} in {self.path} cannot be read ({e}): the log is "
                            "damaged or was written by a newer Rinda"
                        ) from None
                raise
        return state, covered, events

    async def save_snapshot(self, seq: int, state: State) -> None:
        """Store `state` as the result of applying events 1..`seq`; keep the newest three.

        The state is encoded before the first await, so the caller may go on changing it.
        """
        data = msgspec.json.encode(state)
        taken = utc_text(datetime.now(UTC))

        def write(conn: sqlite3.Connection) -> None:
            if not 0 <= seq <= self._seq:
                raise ValueError(f"no snapshot at seq {seq}: the log holds seqs 1..{self._seq}")
            conn.execute(
                "INSERT OR REPLACE INTO snapshots (seq, at, data) VALUES (?, ?, ?)",
                (seq, taken, data),
            )
            conn.execute(
                "DELETE FROM snapshots WHERE seq < "
                "(SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                (KEEP_SNAPSHOTS - 1,),
            )

        await self._run(lambda conn: _transaction(conn, write), "Saving a snapshot")

    async def reply_ids_since(self, since: datetime) -> list[tuple[str, str, datetime]]:
        """(device, request_id, stored at) of every reply stored at or after `since`."""
        rows = await self.fetch_rows(
            "SELECT device, request_id, at FROM replies WHERE at >= ? ORDER BY at",
            (utc_text(since),),
        )
        return [(str(d), str(r), datetime.fromisoformat(str(at))) for d, r, at in rows]

    async def find_reply(self, device: str, request_id: str, since: datetime) -> bytes | None:
        """The stored reply to (device, request_id), if it was stored at or after `since`."""
        rows = await self.fetch_rows(
            "SELECT data FROM replies WHERE device = ? AND request_id = ? AND at >= ?",
            (device, request_id, utc_text(since)),
        )
        return bytes(rows[0][0]) if rows else None

    async def prune_replies(self, before: datetime) -> int:
        """Forget the replies stored before `before` (no client retries that late); return
        how many. Without this the replies table grows by one row per ticket, forever."""
        return await self.write_statement("DELETE FROM replies WHERE at < ?", (utc_text(before),))

    async def data_version(self) -> int:
        """A number that changes whenever ANOTHER connection (a `rinda token` or `rinda clerk`
        command) commits to the database; this one's own commits leave it alone. Cheap: it
        reads no page."""
        rows = await self.fetch_rows("PRAGMA data_version")
        return int(rows[0][0])

    async def check(self, timeout: float = 2.0) -> bool:
        """True if the database answers and takes a write within `timeout` seconds (for
        /health); never raises.

        A read alone would pass on a read-only or full disk, where every ticket fails: so
        this commits a write that changes nothing (the schema version, rewritten as is).
        """

        def probe(conn: sqlite3.Connection) -> None:
            conn.execute("SELECT max(seq) FROM events").fetchone()
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute(f"PRAGMA user_version = {version}")

        try:
            async with asyncio.timeout(timeout):
                await self._run(lambda conn: _transaction(conn, probe), "Checking the database")
        except (StoreError, ValueError, TimeoutError):
            return False
        return True

    # ---- for the rest of the store package (tokens, clerks): the SQL stays in server.store ----

    async def fetch_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """All rows of a read-only query."""
        return await self._run(lambda conn: conn.execute(sql, params).fetchall(), "Reading")

    async def write_statement(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; the number of rows it changed."""
        return await self.transaction(lambda c: c.execute(sql, params).rowcount, "Writing")

    async def transaction(self, body: Callable[[sqlite3.Connection], T], what: str) -> T:
        """`body(connection)` in one write transaction of its own, on the writer's thread."""
        return await self._run(lambda conn: _transaction(conn, body), what)

    @staticmethod
    def _max_seq(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])

    async def _run(self, fn: Callable[[sqlite3.Connection], T], what: str) -> T:
        """Run `fn(connection)` on the connection's thread, in one round trip."""
        db = self._db
        if db is None:
            raise StoreError(f"{what} failed: the event store is closed.")
        try:
            return await db.run(fn)
        except sqlite3.Error as e:
            raise StoreError(f"{what} failed: {_reason(self.path, e)}.") from e


def _reason(path: Path, e: sqlite3.Error) -> str:
    """What went wrong, as a sentence for the person running the server."""
    name = getattr(e, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_READONLY"):
        return (
            f"cannot write to {path}: the file or its folder is read-only "
            "(check the permissions, and that the disk is not mounted read-only)"
        )
    if name.startswith("SQLITE_NOTADB"):
        return f"{path} is not a SQLite database; move it away or choose another file"
    if name.startswith("SQLITE_CORRUPT"):
        return f"{path} is damaged ({e}); restore it from a backup"
    if name.startswith("SQLITE_FULL"):
        return f"the disk holding {path} is full; free some space"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{path} is locked by another program (is another Rinda server using it?)"
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return f"cannot open {path}: check that it is a file Rinda may read and write"
    if name.startswith("SQLITE_IOERR"):
        # A file made read-only under an open connection shows up as a failed write.
        wal = path.with_name(path.name + "-wal")
        if any(p.exists() and not os.access(p, os.W_OK) for p in (path, wal)):
            return (
                f"cannot write to {path}: the file has become read-only "
                "(check its permissions and attributes, and the disk's mount)"
            )
        return f"the disk failed while using {path} ({e})"
    if name == "SQLITE_CONSTRAINT_PRIMARYKEY" and "events.seq" in str(e):
        return (
            f"another program has written events to {path}; only one Rinda server may "
            "use a database at a time (restart this one)"
        )
    return f"SQLite said {e} ({name or type(e).__name__}) for {path}"
