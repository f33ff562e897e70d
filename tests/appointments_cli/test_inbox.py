"""The inbox between the command line and the owner of the log: a request is carried out
once, even when its owner stopped between the commit and the answer, and a request nobody
took can be taken back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import msgspec

from server.cli_appointments import _carry_out_here
from server.net.admin_inbox import AddBooking, Envelope, read_answer
from server.protocol.replies import BookingReply, Error
from server.store import inbox
from server.store.events import EventStore
from tests.appointments_cli.helpers import booking_config, rows
from tests.conftest import Clock

ADD = AddBooking(service="social", start=datetime(2026, 11, 25, 12, 0, tzinfo=UTC), name="Anna")


async def test_a_request_carried_out_again_after_a_crash_books_once(db: Path, clock: Clock) -> None:
    config = booking_config()
    async with await EventStore.open(db) as store:
        row = await inbox.ask(store, msgspec.json.encode(Envelope(id="r-1", request=ADD)))
        await _carry_out_here(config, store)
        first = read_answer(ADD, await inbox.answer_of(store, row) or b"")
        # As if the owner had died after committing the booking but before the answer.
        await store.write_statement("UPDATE inbox SET answer = NULL WHERE id = ?", (row,))
        assert [r for r, _ in await inbox.pending(store)] == [row]
        await _carry_out_here(config, store)
        again = read_answer(ADD, await inbox.answer_of(store, row) or b"")
    assert isinstance(first, BookingReply) and isinstance(again, BookingReply)
    assert again.booking.code == first.booking.code
    assert [t for (t,) in rows(db, "SELECT type FROM events")].count("booked") == 1
    assert rows(db, "SELECT count(*) FROM personal") == [(1,)]


async def test_only_a_request_nobody_took_can_be_taken_back(db: Path) -> None:
    async with await EventStore.open(db) as store:
        mine = await inbox.ask(store, b"{}")
        taken = await inbox.ask(store, b"{}")
        assert await inbox.take(store, taken)
        assert await inbox.withdraw(store, mine)
        assert not await inbox.withdraw(store, taken)
        assert [r for r, _ in await inbox.pending(store)] == [taken]


async def test_an_unreadable_request_is_answered_with_an_error(db: Path, clock: Clock) -> None:
    async with await EventStore.open(db) as store:
        row = await inbox.ask(store, b'{"id": "r-2", "request": {"type": "drop_tables"}}')
        await _carry_out_here(booking_config(), store)
        answer = read_answer(ADD, await inbox.answer_of(store, row) or b"")
    assert isinstance(answer, Error) and answer.code == "bad_frame"
    assert answer.message.startswith("The request cannot be read: ")
