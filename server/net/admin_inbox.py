"""Carrying out the command line's appointment requests (`rinda appointments ...`).

The command leaves a request in the database's inbox (server/store/inbox.py). Whoever owns
the event log carries it out here, through the same booking desk as the counters' requests
(server/net/bookings.py), so the same rules, events and commit-before-answer hold: a running
server (server/net/app.py, when the database changed) or, when none runs, the command itself
with an owner of its own (server/cli_appointments.py). One code path either way.

The requests and their answers are typed like the wire's frames, with the same bounds; an
answer is the encoded reply frame (an `error` with the core's sentence when refused).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from server.core.errors import DomainError
from server.net.bookings import BookingDesk, BookingsImported, ImportRow
from server.protocol.codec import excerpt
from server.protocol.messages import Code, Instant, Name, Personal
from server.protocol.replies import (
    BookingList,
    BookingReply,
    Error,
    SlotList,
    encode,
    error_frame,
)
from server.store import inbox
from server.store.errors import StoreError
from server.store.events import EventStore

# Who the log says made a change asked from the command line (the events' `by`).
DEVICE = "cli"
# Bookings one import may hold; the file's limits (server/appointments_csv.py) come first.
MAX_ROWS = 2000
# A request larger than this is refused unread (an import of MAX_ROWS rows is ~0.6 MB).
MAX_REQUEST_BYTES = 2 * 1024 * 1024


class AddBooking(msgspec.Struct, kw_only=True, frozen=True, tag="add"):
    service: Name
    start: Instant
    name: Personal = ""
    contact: Personal = ""


class MoveBooking(msgspec.Struct, kw_only=True, frozen=True, tag="move"):
    code: Code
    start: Instant


class CancelBooking(msgspec.Struct, kw_only=True, frozen=True, tag="cancel"):
    code: Code


class DayList(msgspec.Struct, kw_only=True, frozen=True, tag="list"):
    day: date | None = None


class FreeSlots(msgspec.Struct, kw_only=True, frozen=True, tag="slots"):
    service: Name
    day: date | None = None
    days: Annotated[int, msgspec.Meta(ge=1, le=31)] = 1


class ImportLine(msgspec.Struct, frozen=True, array_like=True):
    line: Annotated[int, msgspec.Meta(ge=1)]
    service: Name
    start: Instant
    name: Personal
    contact: Personal


class ImportBookings(msgspec.Struct, kw_only=True, frozen=True, tag="import"):
    rows: Annotated[list[ImportLine], msgspec.Meta(min_length=1, max_length=MAX_ROWS)]


AdminRequest = AddBooking | MoveBooking | CancelBooking | DayList | FreeSlots | ImportBookings


class Envelope(msgspec.Struct, kw_only=True, frozen=True):
    # The request's id: the owner remembers its answer, so carrying it out twice (after a
    # crash between the commit and the answer) changes nothing the second time.
    id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    request: AdminRequest


# What each kind of request is answered with (besides an `error`).
ANSWERS: dict[type[AdminRequest], type[msgspec.Struct]] = {
    AddBooking: BookingReply,
    MoveBooking: BookingReply,
    CancelBooking: BookingReply,
    DayList: BookingList,
    FreeSlots: SlotList,
    ImportBookings: BookingsImported,
}

_decoder = msgspec.json.Decoder(Envelope)


class AdminInbox:
    def __init__(self, desk: BookingDesk, store: EventStore) -> None:
        self.desk = desk
        self.store = store

    async def run_pending(self) -> int:
        """Carry out every request waiting in the inbox, in order; how many."""
        done = 0
        for row, data in await inbox.pending(self.store):
            if await inbox.take(self.store, row):
                await inbox.answer(self.store, row, await self.carry_out(data))
                done += 1
        return done

    async def carry_out(self, data: bytes) -> bytes:
        """The encoded answer to one request (never raises for a request's content)."""
        if len(data) > MAX_REQUEST_BYTES:
            return encode(error_frame("bad_frame", "The request is too large."))
        try:
            env = _decoder.decode(data)
        except msgspec.DecodeError as e:
            # The message quotes at most a short excerpt (msgspec names the path, not values).
            return encode(
                error_frame("bad_frame", f"The request cannot be read: {excerpt(str(e))}.")
            )
        desk, rid, now, req = self.desk, env.id, self.desk.owner.clock(), env.request
        try:
            match req:
                case AddBooking():
                    return await desk.book(
                        DEVICE, rid, req.service, req.start, req.name, req.contact
                    )
                case MoveBooking():
                    return await desk.move(DEVICE, rid, req.code, req.start)
                case CancelBooking():
                    return await desk.cancel(DEVICE, rid, req.code)
                case DayList():
                    views = await desk.day_list(req.day, now)
                    shown = req.day or now.astimezone(desk.config.tz).date()
                    return encode(BookingList(re=rid, day=shown.isoformat(), bookings=views))
                case FreeSlots():
                    slots = desk.free_slots(req.service, req.day, req.days, now)
                    return encode(SlotList(re=rid, service=req.service, slots=slots))
                case ImportBookings():
                    lines = [ImportRow(*msgspec.structs.astuple(r)) for r in req.rows]
                    return await desk.import_bookings(DEVICE, rid, lines)
        except DomainError as e:
            return encode(error_frame(e.code, e.message, rid))
        except ValueError as e:  # as the websocket's requests (server/net/requests.py)
            return encode(error_frame("invalid_field", f"{e}.", rid))
        except StoreError as e:  # reading the day's names; changes answer this themselves
            return encode(error_frame("storage_failed", str(e), rid))


def read_answer(request: AdminRequest, data: bytes) -> msgspec.Struct:
    """The answer to `request` as its reply type, or an `Error`."""
    kind = ANSWERS[type(request)]
    return msgspec.json.decode(data, type=Error | kind)
