"""What the counter's bookings view knows: today's bookings, the free slots of the service the
clerk is looking at, and the booking just made or moved. A value like `CounterModel`, which
holds one and hands it the bookings view's asks, their answers and the frames about bookings.
No Textual here.

The list is what the last `bookings` answer said. Frames that may have changed it (a booking
made, moved, cancelled or missed anywhere; a checked-in visitor taken, called or served)
count up `seen`: the open bookings view asks for the list again shortly after (one request for
a burst of frames), so names and states always come from the server.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import msgspec

from counter.asks import BookingAsk, BookSlot, CancelBooking, FindSlots, ListBookings, MoveTo
from counter.fmt import local
from counter.said import Said
from server.protocol import events as e
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol.server_frames import Pushed
from server.protocol.views import BookingView, SlotView
from server.staff_words import instant

BookingRequest = m.Bookings | m.FreeSlots | m.Book | m.MoveBooking | m.CancelBooking
# Free slots are looked up this many days from today (the most one request may ask).
DAYS = 31
# A booking in these states may still be moved or cancelled.
OPEN_STATES = ("booked", "late")
# Refusals that mean the slot the clerk picked is no longer free.
SLOT_GONE = ("slot_full", "slot_in_past", "slot_unavailable")
# Visible names and contacts are bounded as the server bounds them.
PERSONAL_MAX = 100


@dataclass(frozen=True)
class Appointments:
    # The local day of the list, as the server said ("" before the first answer).
    day: str = ""
    rows: tuple[BookingView, ...] = ()
    listed: bool = False
    seen: int = 0
    # The service whose free slots were asked for last, and the one `slots` are of ("" until
    # an answer): they differ while the answer is on its way.
    service: str = ""
    found: str = ""
    slots: tuple[SlotView, ...] = ()
    # The booking just made or moved, with the name and contact given for it (the answer
    # has none).
    made: BookingView | None = None
    made_name: str = ""
    made_contact: str = ""
    said: Said | None = None

    def find(self, code: str) -> BookingView | None:
        return next((b for b in self.rows if b.code == code), None)

    # ---- the clerk's asks and their answers -----------------------------------------------

    def ask(self, ask: BookingAsk, rid: str) -> tuple[Appointments, BookingRequest]:
        match ask:
            case ListBookings(opening=opening):
                return replace(self, said=None) if opening else self, m.Bookings(id=rid)
            case FindSlots(service=service):
                request = m.FreeSlots(id=rid, service=service, days=DAYS)
                if service == self.found:  # a refresh: what is shown stays till the answer
                    return replace(self, service=service), request
                return replace(self, service=service, found="", slots=()), request
            case BookSlot():
                name = ask.name.strip()[:PERSONAL_MAX]
                contact = ask.contact.strip()[:PERSONAL_MAX]
                start = instant(ask.start)
                book = m.Book(id=rid, service=ask.service, start=start, name=name, contact=contact)
                return replace(self, made=None, made_name=name, made_contact=contact), book
            case MoveTo(code=code):
                start = instant(ask.start)
                row = self.find(code)
                name, contact = (row.name, row.contact) if row else ("", "")
                move = m.MoveBooking(id=rid, code=code, start=start)
                return replace(self, made=None, made_name=name, made_contact=contact), move
            case CancelBooking(code=code):
                return self, m.CancelBooking(id=rid, code=code)

    def replied(self, req: BookingRequest, reply: r.Ok) -> Appointments:
        match req, reply:
            case m.Bookings(), r.BookingList():
                return replace(self, day=reply.day, rows=tuple(reply.bookings), listed=True)
            case m.FreeSlots(service=self.service), r.SlotList():
                return replace(self, found=req.service, slots=tuple(reply.slots))
            case m.Book() | m.MoveBooking(), r.BookingReply(booking=b):
                key = "bookings.booked" if isinstance(req, m.Book) else "bookings.moved"
                said = Said(key, code=b.code, at=b.start, service=b.service)
                slots = self._taken(b.service, b.start)
                return replace(self, made=b, slots=slots, rows=self._merged(b), said=said)
            case m.CancelBooking(), r.BookingReply(booking=b):
                said = Said("bookings.cancelled", code=b.code, at=b.start, service=b.service)
                return replace(self, rows=self._merged(b), said=said)
        return self

    def failed(self, req: BookingRequest, code: str, message: str) -> Appointments:
        said = Said(f"errors.{code}", error=True, message=message)
        if isinstance(req, m.Book | m.MoveBooking) and code in SLOT_GONE:
            # Gone from the list at once; `seen` has the open view look the slots up again.
            start = req.start
            left = tuple(s for s in self.slots if instant(s.start) != start)
            return replace(self, slots=left, said=said, seen=self.seen + 1)
        return replace(self, said=said)

    def timed_out(self) -> Appointments:
        return replace(self, said=Said("errors.timeout", error=True))

    def _merged(self, b: BookingView) -> tuple[BookingView, ...]:
        """The list with `b` as the server now has it (keeping the name it was listed with),
        in the server's order: by time, then code (a moved booking moves in the list too)."""
        rows = (
            msgspec.structs.replace(b, name=row.name, contact=row.contact)
            if row.code == b.code
            else row
            for row in self.rows
        )
        return tuple(sorted(rows, key=lambda row: (instant(row.start), row.code)))

    def _taken(self, service: str, start: str) -> tuple[SlotView, ...]:
        """The free slots after one more place was taken at `start`."""
        if service != self.found:
            return self.slots
        at = instant(start)
        out = []
        for s in self.slots:
            if instant(s.start) == at:
                if s.free > 1:
                    out.append(SlotView(start=s.start, free=s.free - 1))
            else:
                out.append(s)
        return tuple(out)

    # ---- frames --------------------------------------------------------------------------

    def pushed(self, frame: Pushed, bookable: frozenset[str]) -> Appointments:
        """Count a frame that may have changed today's bookings (`bookable`: the services
        that take them, whose `taken` may be a check-in)."""
        match frame:
            case e.BookingChanged(booking=b):
                return replace(self, rows=self._merged(b), seen=self.seen + 1)
            case e.Taken(service=service) if service in bookable:
                return replace(self, seen=self.seen + 1)
            case (
                e.Called()
                | e.Serving()
                | e.Finished()
                | e.NoShow()
                | e.Cancelled()
                | e.Transferred()
            ) if any(row.ticket == frame.ticket for row in self.rows):
                return replace(self, seen=self.seen + 1)
            case e.DayStarted():
                return replace(self, seen=self.seen + 1)
        return self

    def welcomed(self) -> Appointments:
        """After a (re)connect: frames may have been missed, so look again."""
        return replace(self, seen=self.seen + 1)

    # ---- what the view shows -------------------------------------------------------------

    def slot_days(self, timezone: str) -> list[tuple[date, int]]:
        """The local days that have free slots, each with how many, in order."""
        days: dict[date, int] = {}
        for s in self.slots:
            day = local(s.start, timezone).date()
            days[day] = days.get(day, 0) + 1
        return list(days.items())

    def slots_on(self, day: date, timezone: str) -> list[SlotView]:
        return [s for s in self.slots if local(s.start, timezone).date() == day]
