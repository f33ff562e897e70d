"""Device tokens: only hashes are stored; a token finds its device until it is revoked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.store.events import EventStore
from server.store.tokens import (
    add_token,
    find_token,
    list_tokens,
    note_seen,
    revoke,
    token_hash,
)


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


async def test_a_token_finds_its_device_and_is_stored_only_as_a_hash(
    store: EventStore, store_path: Path
) -> None:
    kiosk = await add_token(store, "kiosk", "k1")
    counter = await add_token(store, "counter", "c1")
    assert len(kiosk) >= 32 and kiosk != counter
    assert await find_token(store, kiosk) == ("kiosk", "k1")
    assert await find_token(store, counter) == ("counter", "c1")
    assert await find_token(store, kiosk[:-1] + ("A" if kiosk[-1] != "A" else "B")) is None
    assert await find_token(store, "") is None
    on_disk = every_byte(store_path.parent)  # the database and its write-ahead log
    await store.close()
    on_disk += every_byte(store_path.parent)
    for token in (kiosk, counter):
        assert token.encode() not in on_disk
    assert b"k1" in on_disk  # the rows are there; only the secrets are not


async def test_revoking_a_device_removes_all_its_tokens(store: EventStore) -> None:
    first = await add_token(store, "display", "d1")
    second = await add_token(store, "display", "d1")
    other = await add_token(store, "display", "d2")
    assert await revoke(store, "d1") == 2
    assert await find_token(store, first) is None
    assert await find_token(store, second) is None
    assert await find_token(store, other) == ("display", "d2")
    assert await revoke(store, "d1") == 0


async def test_tokens_survive_a_restart(store_path: Path) -> None:
    async with await EventStore.open(store_path) as store:
        token = await add_token(store, "manager", "m1")
    async with await EventStore.open(store_path) as store:
        assert await find_token(store, token) == ("manager", "m1")


async def test_an_unknown_role_is_refused(store: EventStore) -> None:
    with pytest.raises(ValueError, match='unknown role "admin"'):
        await add_token(store, "admin", "x")


async def test_tokens_never_look_like_command_line_options(tmp_path: Path) -> None:
    store = await EventStore.open(tmp_path / "r.db")
    try:
        tokens = [await add_token(store, "kiosk", "k1") for _ in range(300)]
    finally:
        await store.close()
    assert not [t for t in tokens if t.startswith("-")]


async def test_tokens_are_listed_with_when_they_were_made_and_last_seen(store: EventStore) -> None:
    before = datetime.now(UTC)
    kiosk = await add_token(store, "kiosk", "k1")
    await add_token(store, "display", "d1")
    assert [(t.device, t.role, t.last_seen) for t in await list_tokens(store)] == [
        ("d1", "display", None),
        ("k1", "kiosk", None),
    ]
    seen = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    await note_seen(store, {token_hash(kiosk)}, seen)
    await note_seen(store, set(), seen)  # nobody connected: nothing to write
    d1, k1 = await list_tokens(store)
    assert (k1.last_seen, d1.last_seen) == (seen, None)
    assert before <= k1.created <= datetime.now(UTC)
