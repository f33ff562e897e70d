"""Clerks and their PINs, hashed with scrypt.

A PIN has few digits, so its hash must be slow to guess offline: scrypt with n=2**15, r=8,
p=1 takes ~0.1 s and 32 MiB per try. Hashing runs in a worker thread so the event loop keeps
serving tickets meanwhile. The stored form names its parameters
(`scrypt$n$r$p$salt_hex$hash_hex`), so they can be raised later without invalidating PINs.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from server.store.errors import RecordError, StoreError
from server.store.events import EventStore
from server.store.schema import utc_text

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_DKLEN = 32
_MAXMEM = 128 * 1024 * 1024
# Verified against when the clerk does not exist, so an unknown id takes as long as a known one.
_DUMMY = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'00' * 16}${'00' * _DKLEN}"


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=_DKLEN
    )


def hash_pin(pin: str) -> str:
    """A new salted scrypt hash of `pin` in the stored form (slow: call it off the loop)."""
    salt = os.urandom(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` matches a stored hash, compared in constant time (slow)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        salt_b, digest_b = bytes.fromhex(salt), bytes.fromhex(digest)
        computed = _scrypt(pin, salt_b, int(n), int(r), int(p))
    except ValueError:
        raise StoreError("A clerk's PIN is stored in a form this Rinda cannot read.") from None
    return hmac.compare_digest(computed, digest_b)


# The PIN policy of `rinda clerk add`: 6 to 12 digits, not trivial. With the sign-in lockout
# (server/net/lockout.py) a 6-digit PIN takes decades to guess from one counter; see
# docs/deploy.md for the figures.
PIN_DIGITS = (6, 12)


def weak_pin(pin: str) -> str | None:
    """Why `pin` breaks the PIN policy (one line, for the operator), or None if it is fine.

    Called by the CLI, not by `add_clerk`: the demo centre registers its clerks through
    `add_clerk` with the well-known demo PIN "1234" (README, tests, `rinda demo`), which is
    fine for a demo that runs on one machine and would be refused here."""
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return f"a PIN is {low} to {high} digits (0-9), nothing else"
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    if steps in ({0}, {1}, {-1}):
        return (
            "that PIN is too easy to guess (one digit repeated, or a run like 123456 or "
            "654321): choose another"
        )
    for size in (2, 3):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return "that PIN is too easy to guess (a short group repeated): choose another"
    return None


NAME_CHARS = 60


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a clerk's name (the counter shows it), or None."""
    if not name.strip():
        return "a clerk needs a name"
    if len(name) > NAME_CHARS or not name.isprintable():
        return f"a name is at most {NAME_CHARS} characters, without control characters"
    return None


@dataclass(frozen=True)
class Clerk:
    id: str
    name: str
    added: datetime


async def add_clerk(
    store: EventStore, clerk_id: str, name: str, pin: str, *, replace: bool = False
) -> None:
    """Register a clerk with a PIN. An existing id is a RecordError unless `replace`, which
    changes the clerk's name and PIN (the demo centre does that on every start)."""
    if not clerk_id or not name:
        raise ValueError("a clerk needs an id and a name")
    if not pin:
        raise ValueError("a PIN cannot be empty")
    pin_hash = await asyncio.to_thread(hash_pin, pin)
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    added = await store.write_statement(
        f"{verb} INTO clerks (id, name, pin_hash, created_at) VALUES (?, ?, ?, ?)",
        (clerk_id, name, pin_hash, utc_text(datetime.now(UTC))),
    )
    if not added:
        raise clerk_exists(clerk_id)


def clerk_exists(clerk_id: str) -> RecordError:
    return RecordError(
        f'There is already a clerk "{clerk_id}": give them a new PIN with '
        f"`rinda clerk set-pin --id {clerk_id}`, or a new name with `rinda clerk rename`."
    )


def no_such_clerk(clerk_id: str) -> RecordError:
    return RecordError(f'There is no clerk "{clerk_id}" (`rinda clerk list` shows them all).')


async def list_clerks(store: EventStore) -> list[Clerk]:
    rows = await store.fetch_rows("SELECT id, name, created_at FROM clerks ORDER BY id")
    return [Clerk(str(i), str(n), datetime.fromisoformat(str(at))) for i, n, at in rows]


async def set_pin(store: EventStore, clerk_id: str, pin: str) -> None:
    """Give an existing clerk a new PIN (a forgotten one, or one from before the policy)."""
    if not pin:
        raise ValueError("a PIN cannot be empty")
    pin_hash = await asyncio.to_thread(hash_pin, pin)
    if not await store.write_statement(
        "UPDATE clerks SET pin_hash = ? WHERE id = ?", (pin_hash, clerk_id)
    ):
        raise no_such_clerk(clerk_id)


async def rename_clerk(store: EventStore, clerk_id: str, name: str) -> None:
    if not name:
        raise ValueError("a clerk needs a name")
    if not await store.write_statement("UPDATE clerks SET name = ? WHERE id = ?", (name, clerk_id)):
        raise no_such_clerk(clerk_id)


async def remove_clerk(store: EventStore, clerk_id: str) -> None:
    """Remove a clerk: their PIN no longer signs in anywhere. A running server notices and
    signs them out (server/net/app.py); the log keeps what they did."""
    if not await store.write_statement("DELETE FROM clerks WHERE id = ?", (clerk_id,)):
        raise no_such_clerk(clerk_id)


async def verify_clerk(store: EventStore, clerk_id: str, pin: str) -> tuple[str, str] | None:
    """(id, name) if `pin` is the clerk's PIN, else None (also for an unknown clerk)."""
    rows = await store.fetch_rows("SELECT name, pin_hash FROM clerks WHERE id = ?", (clerk_id,))
    stored = str(rows[0][1]) if rows else _DUMMY
    ok = await asyncio.to_thread(pin_matches, pin, stored)
    if not rows or not ok:
        return None
    return clerk_id, str(rows[0][0])


async def clerk_ids(store: EventStore) -> set[str]:
    return {str(i) for (i,) in await store.fetch_rows("SELECT id FROM clerks")}
