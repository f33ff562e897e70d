"""`rinda appointments add|list|move|cancel|import` and `rinda purge`.

A running server keeps the event log's last seq and the centre's state in memory: nothing
may append events behind its back. So an appointment command never writes the log itself:
it leaves its request in the database's inbox (server/store/inbox.py) and waits for the
answer. A running server notices the request within a second and carries it out through its
booking desk (server/net/admin_inbox.py). When no server runs (its lock can be taken), the
command takes the lock, becomes the owner for a moment (rebuilding the state as the server
does at start), carries out the same inbox the same way, and saves a snapshot.

`rinda purge` only deletes rows of the personal table, which is no part of the log: it is
safe beside a running server (SQLite serialises the two writers).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import msgspec

from server.appointments_csv import MAX_PERSONAL, BadFile, read_bookings, wall_clock
from server.config import CentreConfig, ConfigError
from server.core.booking import local_day
from server.core.centre import Centre
from server.net.admin_inbox import (
    AddBooking,
    AdminInbox,
    AdminRequest,
    CancelBooking,
    DayList,
    Envelope,
    FreeSlots,
    ImportBookings,
    MoveBooking,
    read_answer,
)
from server.net.bookings import BookingDesk, BookingsImported
from server.net.hub import Hub
from server.net.owner import Owner
from server.net.owner import log as owner_log
from server.protocol.codec import excerpt
from server.protocol.replies import BookingList, BookingReply, Error, SlotList
from server.protocol.views import BookingView
from server.store import inbox
from server.store.backup import DatabaseLock
from server.store.errors import StoreError
from server.store.events import EventStore
from server.store.personal import purge as purge_personal

# How long a running server has to take a request (it looks every second), and then to
# answer it once taken (an import of a few thousand rows is one commit).
TAKE_S = 15.0
ANSWER_S = 15.0
LOOK_EVERY_S = 0.1


def utc_now() -> datetime:
    return datetime.now(UTC)


# ---- the request, from the command's arguments ---------------------------------------------


def _local(config: CentreConfig, text: str) -> datetime:
    """--at "YYYY-MM-DD HH:MM" in the centre's time zone."""
    try:
        day, clock = text.split()
        when, at = date.fromisoformat(day), time.fromisoformat(clock)
    except ValueError:
        raise ConfigError(
            f'--at "{excerpt(text, 40)}" is not a local time like "2026-03-02 09:20"'
        ) from None
    try:
        return wall_clock(when, at, config.tz)
    except ValueError as e:
        raise ConfigError(f"--at: {e}") from None


def _personal(option: str, text: str) -> str:
    if len(text) > MAX_PERSONAL or not text.isprintable():
        raise ConfigError(f"{option} must be at most {MAX_PERSONAL} printable characters")
    return text.strip()


def request_of(args: argparse.Namespace, config: CentreConfig) -> AdminRequest:
    """What the command asks, its arguments checked (ConfigError: exit status 2)."""
    if args.action == "add":
        return AddBooking(
            service=args.service,
            start=_local(config, args.at),
            name=_personal("--name", args.name),
            contact=_personal("--contact", args.contact),
        )
    if args.action == "move":
        return MoveBooking(code=args.code, start=_local(config, args.at))
    if args.action == "cancel":
        return CancelBooking(code=args.code)
    if args.action == "import":
        try:
            return ImportBookings(rows=read_bookings(args.file, config.tz))
        except BadFile as e:
            raise ConfigError(f"{args.file}: {e}") from None
    try:
        day = date.fromisoformat(args.day) if args.day else None
    except ValueError:
        raise ConfigError(
            f'--day "{excerpt(args.day, 20)}" is not a date like 2026-03-02'
        ) from None
    if args.action == "slots":
        return FreeSlots(service=args.service, day=day, days=args.days)
    return DayList(day=day)


# ---- asking the owner of the log -------------------------------------------------------------


async def ask(db: Path, config: CentreConfig, request: AdminRequest) -> msgspec.Struct:
    """The answer to `request`, from the running server or, if none runs, carried out here."""
    lock = DatabaseLock(db)
    try:
        store = await EventStore.open(db)
        try:
            data = msgspec.json.encode(Envelope(id=secrets.token_hex(8), request=request))
            row = await inbox.ask(store, data)
            try:
                return read_answer(request, await _answer(config, store, row, lock))
            finally:
                await inbox.forget(store, row)
        finally:
            await store.close()
    finally:
        lock.release()


def _free(lock: DatabaseLock) -> bool:
    """Take the server's lock if nobody holds it (then no server runs)."""
    try:
        lock.acquire()
    except StoreError:
        return False
    return True


async def _carry_out_here(config: CentreConfig, store: EventStore) -> None:
    """Be the owner of the log for a moment, as RindaServer.start is, with nobody to tell."""
    # The owner logs each event as a server's log should; here the command's output says it.
    level = owner_log.level
    if not owner_log.isEnabledFor(logging.DEBUG):
        owner_log.setLevel(logging.WARNING)
    try:
        await _own(config, store)
    finally:
        owner_log.setLevel(level)


async def _own(config: CentreConfig, store: EventStore) -> None:
    state, snap_seq, events = await store.load()
    centre = Centre(config, state)
    for e in events:
        centre.apply(e)
    owner = Owner(
        centre,
        store,
        Hub(lambda _ws: True),
        lambda: utc_now(),
        seq=snap_seq + len(events),
        snapshot_seq=snap_seq,
    )
    await owner.replies.load(owner.clock())
    running = asyncio.create_task(owner.run())
    try:
        await AdminInbox(BookingDesk(config, owner), store).run_pending()
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await owner.snapshot()


async def _answer(config: CentreConfig, store: EventStore, row: int, lock: DatabaseLock) -> bytes:
    """Wait for the answer to the request in `row`. Whenever no server holds the lock (none
    runs, or the one that ran has stopped, or another command was the owner a moment ago),
    take it and carry the inbox out here."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TAKE_S
    taken = owner = False
    while (data := await inbox.answer_of(store, row)) is None:
        if not owner and _free(lock):
            owner = True
            await _carry_out_here(config, store)
            continue
        if loop.time() > deadline:
            if not taken and await inbox.withdraw(store, row):
                raise StoreError(
                    f"no Rinda server answered within {TAKE_S:g} s, though {store.path} is in "
                    "use (by a server that does not respond, or a restore): nothing was changed"
                )
            if taken:
                raise StoreError(
                    f"the server took the request but did not answer within {ANSWER_S:g} s: "
                    "see with `rinda appointments list` whether it was done"
                )
            taken, deadline = True, loop.time() + ANSWER_S
        await asyncio.sleep(LOOK_EVERY_S)
    return data


# ---- what the command says -------------------------------------------------------------------


def _when(config: CentreConfig, iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(config.tz):%Y-%m-%d %H:%M}"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _said(config: CentreConfig, request: AdminRequest, answer: msgspec.Struct) -> str:
    if isinstance(answer, BookingReply):
        b: BookingView = answer.booking
        at = _when(config, b.start)
        if isinstance(request, AddBooking):
            return f"booked {b.code}: {at}, {b.service}\nthe visitor's page: {b.link}"
        if isinstance(request, MoveBooking):
            return f"moved {b.code} to {at} ({b.service})"
        return f"cancelled {b.code} ({at}, {b.service})"
    if isinstance(answer, SlotList):
        if not answer.slots:
            return f"no free slots of {answer.service} then"
        rows = [[_when(config, slot.start), str(slot.free)] for slot in answer.slots]
        return f"free slots of {answer.service}:\n" + _table([["time", "free"], *rows])
    if isinstance(answer, BookingList):
        if not answer.bookings:
            return f"no bookings on {answer.day}"
        head = ["code", "time", "service", "state", "name"]
        rows = [
            [b.code, _when(config, b.start)[11:], b.service, b.state, excerpt(b.name, 100)]
            for b in answer.bookings
        ]
        return f"bookings on {answer.day}:\n" + _table([head, *rows])
    assert isinstance(answer, BookingsImported)
    assert isinstance(request, ImportBookings)
    rows = [
        [str(line.line), b.code, _when(config, b.start), b.service, b.link]
        for line, b in zip(request.rows, answer.bookings, strict=True)
    ]
    head = ["line", "code", "time", "service", "visitor's page"]
    return f"imported {len(rows)} bookings:\n" + _table([head, *rows])


async def appointments(args: argparse.Namespace, config: CentreConfig) -> int:
    request = request_of(args, config)
    answer = await ask(args.db, config, request)
    if isinstance(answer, Error):
        where = f"{args.file}: " if isinstance(request, ImportBookings) else ""
        print(f"rinda: {where}{answer.message}", file=sys.stderr)
        return 2
    print(_said(config, request, answer))
    return 0


async def purge(args: argparse.Namespace, config: CentreConfig) -> int:
    before = local_day(config, utc_now()) - timedelta(days=args.older_than)
    async with await EventStore.open(args.db) as store:
        done = await purge_personal(store, before)
    print(f"deleted the name and contact of {done.rows} booking(s) of days before {before}")
    if done.comments:
        print(f"deleted {done.comments} visitor comment(s) of days before {before}")
    if not done.wal_emptied:
        print(
            "rinda: the database was busy, so the deleted rows stay in its write-ahead log "
            "until the next checkpoint (the server makes one every night)",
            file=sys.stderr,
        )
    return 0
