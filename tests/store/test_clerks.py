"""Clerks sign in with a PIN that is stored only as a salted scrypt hash."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from server.store.clerks import (
    add_clerk,
    clerk_ids,
    list_clerks,
    remove_clerk,
    rename_clerk,
    set_pin,
    verify_clerk,
)
from server.store.errors import RecordError
from server.store.events import EventStore


async def test_the_right_pin_signs_in_and_a_wrong_one_does_not(
    store: EventStore, store_path: Path
) -> None:
    assert await clerk_ids(store) == set()
    await add_clerk(store, "anna", "Anna Bērziņa", "482913")
    assert await clerk_ids(store) == {"anna"}
    assert await verify_clerk(store, "anna", "482913") == ("anna", "Anna Bērziņa")
    assert await verify_clerk(store, "anna", "482914") is None
    assert await verify_clerk(store, "anna", "") is None
    assert await verify_clerk(store, "boris", "482913") is None
    await store.close()
    data = store_path.read_bytes()
    assert b"482913" not in data
    assert b"scrypt$32768$8$1$" in data


async def test_a_clerk_id_is_added_once_unless_replaced(store: EventStore) -> None:
    await add_clerk(store, "anna", "Anna", "1111")
    with pytest.raises(RecordError, match='already a clerk "anna": give them a new PIN with'):
        await add_clerk(store, "anna", "Someone else", "2222")
    assert await verify_clerk(store, "anna", "1111") == ("anna", "Anna")
    await add_clerk(store, "anna", "Anna B.", "2222", replace=True)
    assert await verify_clerk(store, "anna", "1111") is None
    assert await verify_clerk(store, "anna", "2222") == ("anna", "Anna B.")


async def test_two_clerks_with_one_pin_get_different_hashes(store: EventStore) -> None:
    await add_clerk(store, "anna", "Anna", "1234")
    await add_clerk(store, "boris", "Boris", "1234")
    rows = await store.fetch_rows("SELECT pin_hash FROM clerks")
    assert len({r[0] for r in rows}) == 2


async def test_an_empty_pin_is_refused(store: EventStore) -> None:
    with pytest.raises(ValueError, match="PIN"):
        await add_clerk(store, "anna", "Anna", "")
    assert await clerk_ids(store) == set()


async def test_a_clerk_is_renamed_given_a_new_pin_and_removed(store: EventStore) -> None:
    await add_clerk(store, "olga", "Olga", "111111")
    await add_clerk(store, "anna", "Anna", "111111")
    await rename_clerk(store, "anna", "Anna Kalniņa")
    await set_pin(store, "anna", "222222")
    assert await verify_clerk(store, "anna", "111111") is None
    assert await verify_clerk(store, "anna", "222222") == ("anna", "Anna Kalniņa")
    await remove_clerk(store, "olga")
    assert await verify_clerk(store, "olga", "111111") is None
    assert [(c.id, c.name) for c in await list_clerks(store)] == [("anna", "Anna Kalniņa")]
    assert await clerk_ids(store) == {"anna"}


@pytest.mark.parametrize(
    "change",
    [
        lambda s: set_pin(s, "boris", "222222"),
        lambda s: rename_clerk(s, "boris", "Boris"),
        lambda s: remove_clerk(s, "boris"),
    ],
)
async def test_changing_a_clerk_who_is_not_there_changes_nothing(
    store: EventStore, change: Callable[[EventStore], Awaitable[None]]
) -> None:
    await add_clerk(store, "anna", "Anna", "111111")
    with pytest.raises(RecordError, match='There is no clerk "boris"'):
        await change(store)
    assert await clerk_ids(store) == {"anna"}
