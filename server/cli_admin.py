"""The IT person's `rinda` commands on the centre's database: device tokens and clerks.

Each opens the database, does one thing, and says what it did. A clerk or device that is not
there (or a clerk that already is) is a RecordError: exit status 1, nothing changed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from datetime import datetime

from server.config import CentreConfig, ConfigError, id_problem
from server.protocol.codec import excerpt
from server.store.clerks import (
    add_clerk,
    clerk_exists,
    list_clerks,
    name_problem,
    no_such_clerk,
    remove_clerk,
    rename_clerk,
    set_pin,
    weak_pin,
)
from server.store.errors import RecordError
from server.store.events import EventStore
from server.store.tokens import add_token, list_tokens, revoke

# Tries at the PIN prompt (a weak PIN, or two that differ) before giving up.
PIN_TRIES = 3


def _when(at: datetime | None) -> str:
    """An instant in this machine's local time, to the minute."""
    return "never" if at is None else f"{at.astimezone():%Y-%m-%d %H:%M}"


def _table(header: Sequence[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [list(header), *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [list(header), *rows]
    )


async def token(args: argparse.Namespace, config: CentreConfig) -> None:
    store = await EventStore.open(args.db)
    try:
        if args.action == "add":
            dev = config.devices.get(args.device)
            if dev is None or dev.role != args.role:
                known = ", ".join(d.id for d in config.devices.values() if d.role == args.role)
                raise ConfigError(
                    f'no {args.role} device "{excerpt(args.device)}" in the config '
                    f"(known: {known or 'none'})"
                )
            made = await add_token(store, args.role, args.device)
            # The token alone goes to stdout, so `TOKEN=$(rinda token add ...)` works.
            use = (
                "Send it to the booking API as Authorization: Bearer TOKEN (docs/booking-api.md)."
                if args.role == "booking"
                # As docs/deploy.md says: in the environment, where `ps` does not show it.
                else f"On that device: export RINDA_TOKEN=TOKEN, then rinda {args.role} "
                "--url ws://SERVER:8750/ws ..."
            )
            print(
                f'A new token for {args.role} device "{args.device}" (shown only now: only '
                f"its hash is stored). {use}",
                file=sys.stderr,
            )
            print(made)
        elif args.action == "revoke":
            gone = await revoke(store, args.device)
            if not gone:
                holders = sorted({t.device for t in await list_tokens(store)})
                raise RecordError(
                    f'device "{excerpt(args.device)}" has no token to revoke '
                    f"(devices with tokens: {', '.join(holders) or 'none'})"
                )
            print(f"revoked {gone} token(s) of {args.device}")
        else:
            rows = [
                [
                    t.device + ("" if t.device in config.devices else " (not in the config)"),
                    t.role,
                    _when(t.created),
                    _when(t.last_seen),
                ]
                for t in await list_tokens(store)
            ]
            if rows:
                print(_table(("device", "role", "created", "last seen"), rows))
            else:
                print("no device tokens yet: rinda token add --role ROLE --device ID")
    finally:
        await store.close()


def _ask_pin() -> str:
    """The PIN, typed twice without echo; asked again when it is weak or the two differ."""
    for _ in range(PIN_TRIES):
        try:
            pin = getpass.getpass("PIN: ")
            problem = weak_pin(pin)
            if problem is None:
                if getpass.getpass("PIN again: ") == pin:
                    return pin
                problem = "the two PINs differ"
        except (EOFError, KeyboardInterrupt):
            print(file=sys.stderr)
            raise ConfigError("no PIN given: nothing was changed") from None
        print(f"rinda: {problem}; try again", file=sys.stderr)
    raise ConfigError(f"no PIN set after {PIN_TRIES} tries: nothing was changed")


def _checked_pin(given: str | None) -> str | None:
    """A PIN given with --pin, checked against the policy (None: ask for it later)."""
    if given is None:
        return None
    # The PIN policy lives here, not in add_clerk: the demo centre adds its clerks with
    # add_clerk and the well-known demo PIN 1234, which this policy refuses on purpose.
    problem = weak_pin(given)
    if problem is not None:
        raise ConfigError(problem)  # exit status 2, before the database is even opened
    return given


def _checked_name(name: str) -> str:
    problem = name_problem(name)
    if problem is not None:
        raise ConfigError(f"--name {excerpt(name)!r}: {problem}")
    return name


async def clerk(args: argparse.Namespace) -> None:
    if args.action != "list":
        wrong = id_problem(args.id)
        if wrong is not None:
            raise ConfigError(f"--id {excerpt(args.id)!r}: a clerk id must {wrong}")
    name = _checked_name(args.name) if args.action in ("add", "rename") else ""
    pin = _checked_pin(args.pin) if args.action in ("add", "set-pin") else None
    store = await EventStore.open(args.db)
    try:
        known = {c.id: c for c in await list_clerks(store)}
        if args.action == "list":
            rows = [[c.id, excerpt(c.name, 60), _when(c.added)] for c in known.values()]
            if rows:
                print(_table(("id", "name", "added"), rows))
            else:
                print('no clerks yet: rinda clerk add --id ID --name "NAME"')
            return
        # Said before the PIN is typed, not after.
        if args.action == "add" and args.id in known:
            raise clerk_exists(args.id)
        if args.action != "add" and args.id not in known:
            raise no_such_clerk(args.id)
        if args.action == "add":
            await add_clerk(store, args.id, name, pin or _ask_pin())
            print(f"clerk {args.id} added")
        elif args.action == "set-pin":
            await set_pin(store, args.id, pin or _ask_pin())
            print(f"clerk {args.id} has a new PIN")
        elif args.action == "rename":
            await rename_clerk(store, args.id, name)
            print(f"clerk {args.id} is now {name}")
        else:
            await remove_clerk(store, args.id)
            print(
                f"clerk {args.id} removed: their PIN no longer signs in, and a running server "
                "signs them out within a second (once they are done with the visitor at "
                "their counter, if any)"
            )
    finally:
        await store.close()
