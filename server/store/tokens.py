"""Device tokens: the secret a kiosk, display or counter presents when it connects.

Only the SHA-256 of a token is stored, so a copy of the database (or a backup) does not let
anyone impersonate a device. Looking a token up by its hash is safe against timing attacks:
a token carries 192 random bits, so learning how a lookup of some *hash* proceeds teaches an
attacker nothing about a valid token, and no secret is ever compared byte by byte.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from server.config import ROLES
from server.store.events import EventStore
from server.store.schema import utc_text


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def add_token(store: EventStore, role: str, device: str) -> str:
    """Create a token for `device` acting as `role`; return it (it is not stored anywhere)."""
    if role not in ROLES:
        raise ValueError(f'unknown role "{role}": use one of {", ".join(ROLES)}')
    if not device:
        raise ValueError("a token needs the id of its device")
    token = secrets.token_urlsafe(24)
    # Never starting with "-": `rinda kiosk --token -x...` would read it as an option.
    while token.startswith("-"):
        token = secrets.token_urlsafe(24)
    await store.write_statement(
        "INSERT INTO tokens (hash, role, device, created_at) VALUES (?, ?, ?, ?)",
        (token_hash(token), role, device, utc_text(datetime.now(UTC))),
    )
    return token


async def find_token(store: EventStore, token: str) -> tuple[str, str] | None:
    """(role, device) of a valid token, or None."""
    if not token:
        return None
    rows = await store.fetch_rows(
        "SELECT role, device FROM tokens WHERE hash = ?", (token_hash(token),)
    )
    if not rows:
        return None
    role, device = rows[0]
    return str(role), str(device)


async def revoke(store: EventStore, device: str) -> int:
    """Delete every token of `device`; return how many there were."""
    return await store.write_statement("DELETE FROM tokens WHERE device = ?", (device,))


@dataclass(frozen=True)
class TokenRow:
    device: str
    role: str
    created: datetime
    last_seen: datetime | None


async def list_tokens(store: EventStore) -> list[TokenRow]:
    rows = await store.fetch_rows(
        "SELECT device, role, created_at, last_seen FROM tokens ORDER BY device, created_at"
    )
    return [
        TokenRow(
            str(device),
            str(role),
            datetime.fromisoformat(str(created)),
            None if seen is None else datetime.fromisoformat(str(seen)),
        )
        for device, role, created, seen in rows
    ]


async def note_seen(store: EventStore, hashes: Collection[str], at: datetime) -> None:
    """Record that the devices holding these tokens were connected at `at`."""
    if hashes:
        marks = ", ".join("?" * len(hashes))
        await store.write_statement(
            f"UPDATE tokens SET last_seen = ? WHERE hash IN ({marks})", (utc_text(at), *hashes)
        )


async def token_hashes(store: EventStore) -> set[str]:
    """The hashes of every valid token (the server checks its live sessions against them)."""
    return {str(h) for (h,) in await store.fetch_rows("SELECT hash FROM tokens")}
