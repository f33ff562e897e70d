"""Opening a database: migrations, versions, and files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from server.store.errors import StoreError
from server.store.events import EventStore
from server.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate
from server.store.tokens import find_token, list_tokens, token_hash
from tests.store.helpers import taken

TABLES = {"events", "snapshots", "replies", "tokens", "clerks"}


def pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


async def test_a_new_database_gets_every_migration(store_path: Path) -> None:
    assert not store_path.parent.exists()
    store = await EventStore.open(store_path)
    await store.close()
    assert pragma(store_path, "user_version") == SCHEMA_VERSION
    assert pragma(store_path, "application_id") == APPLICATION_ID
    assert pragma(store_path, "journal_mode") == "wal"
    assert tables(store_path) >= TABLES
    with sqlite3.connect(store_path) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "events_at" in indexes


async def test_reopening_changes_nothing(store_path: Path) -> None:
    async with await EventStore.open(store_path) as store:
        await store.append([taken(1), taken(2)])
    for _ in range(2):
        async with await EventStore.open(store_path) as store:
            assert store.last_seq == 2
            assert (await store.load())[2] == [taken(1), taken(2)]
    assert pragma(store_path, "user_version") == SCHEMA_VERSION


async def test_a_newer_schema_is_refused(store_path: Path) -> None:
    await (await EventStore.open(store_path)).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError) as info:
        await EventStore.open(store_path)
    assert (
        f"database schema {SCHEMA_VERSION + 1} is newer than this Rinda ({SCHEMA_VERSION}); "
        "upgrade Rinda"
    ) in str(info.value)
    assert pragma(store_path, "user_version") == SCHEMA_VERSION + 1


def test_each_migration_commits_with_its_version_or_not_at_all(tmp_path: Path) -> None:
    steps = [
        ["CREATE TABLE one (x)", f"PRAGMA application_id = {APPLICATION_ID}"],
        ["CREATE TABLE two (x)", "INSERT INTO no_such_table VALUES (1)"],
    ]
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        migrate(conn, steps)
    # The first migration stands; the failed one left neither its table nor its version.
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"one"}
    assert not conn.in_transaction
    steps[1][1] = "INSERT INTO two VALUES (1)"
    assert migrate(conn, steps) == 2
    assert migrate(conn, steps) == 2  # nothing left to do
    assert conn.execute("SELECT x FROM two").fetchall() == [(1,)]
    conn.close()


async def test_another_programs_database_is_left_alone(store_path: Path) -> None:
    store_path.parent.mkdir()
    with sqlite3.connect(store_path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    with pytest.raises(StoreError, match="not Rinda's"):
        await EventStore.open(store_path)
    assert tables(store_path) == {"invoices"}
    assert pragma(store_path, "user_version") == 0


async def test_a_file_that_is_not_a_database_gets_a_clear_error(store_path: Path) -> None:
    store_path.parent.mkdir()
    garbage = b"Rinda is not this file.\n" * 200
    store_path.write_bytes(garbage)
    with pytest.raises(StoreError) as info:
        await EventStore.open(store_path)
    message = str(info.value)
    assert str(store_path) in message
    assert "is not a SQLite database" in message
    assert store_path.read_bytes() == garbage


async def test_a_folder_in_place_of_the_file_gets_a_clear_error(store_path: Path) -> None:
    store_path.mkdir(parents=True)
    with pytest.raises(StoreError, match="cannot open"):
        await EventStore.open(store_path)


async def test_a_file_in_place_of_the_folder_gets_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file, not a folder")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        await EventStore.open(tmp_path / "data" / "rinda.db")


async def test_a_database_of_schema_1_is_upgraded_and_its_tokens_still_work(
    store_path: Path,
) -> None:
    """Schema 2 added tokens.last_seen: a centre's existing tokens keep working."""
    store_path.parent.mkdir()
    conn = sqlite3.connect(store_path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    conn.execute(
        "INSERT INTO tokens (hash, role, device, created_at) VALUES (?, ?, ?, ?)",
        (token_hash("old-token"), "kiosk", "k1", "2025-03-03T07:00:00.000000Z"),
    )
    conn.close()
    async with await EventStore.open(store_path) as store:
        assert await find_token(store, "old-token") == ("kiosk", "k1")
        (row,) = await list_tokens(store)
        assert (row.device, row.last_seen) == ("k1", None)
    assert pragma(store_path, "user_version") == SCHEMA_VERSION
