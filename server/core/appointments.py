"""The booking commands of the centre: book, import, move, cancel, check in, mark missed.

Decided against the slots' rules (core/booking.py) and applied to `State.bookings`, kept in
step with a `BookingBook` index. The centre (core/centre.py) owns an `Appointments` and
hands it these commands; a check-in comes back to the centre as a ticket to issue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from server.config import CentreConfig, Service
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core import remote
from server.core.booking import BookingBook, check_slot, grace_end, local_day, when
from server.core.model import Booking, State

# Bookings stay in the state this many days after their day (then only in the log).
KEPT_DAYS = 1


class Appointments:
    def __init__(self, config: CentreConfig, state: State) -> None:
        self.config = config
        self.state = state
        self.index = BookingBook(state.bookings.values())

    # ---- queries -------------------------------------------------------------------------

    def by_code(self, code: str) -> Booking:
        b = self.index.by_code.get(code)
        if b is None:
            raise err.UnknownBooking(
                f"No booking has the code {code}: check it, or take a walk-in ticket."
            )
        return b

    def get(self, booking: str) -> Booking:
        b = self.state.bookings.get(booking)
        if b is None:
            raise err.UnknownBooking("There is no such booking.")
        return b

    def _service(self, sid: str) -> Service:
        s = self.config.services.get(sid)
        if s is None:
            raise err.UnknownService(f'There is no service "{sid}" in this centre.')
        return s

    @staticmethod
    def _open(b: Booking) -> None:
        if b.status != "booked":
            word = b.status.replace("_", " ")
            raise err.BookingClosed(f"The booking {b.code} is {word}: it cannot change now.")

    # ---- decide --------------------------------------------------------------------------

    def book(self, cmd: c.Book, now: datetime, extra: int = 0) -> list[ev.AnyEvent]:
        s = self._service(cmd.service)
        check_slot(self.config, self.index, s, cmd.start, now, extra=extra)
        # A remote ticket's check-in code too: the kiosk's check-in looks for that first.
        taken = cmd.code in self.index.by_code or remote.by_code(self.state, cmd.code)
        if taken or cmd.booking in self.state.bookings:
            raise err.CodeTaken("That booking code is in use already; try again.")
        return [
            ev.BookingMade(
                at=now,
                booking=cmd.booking,
                code=cmd.code,
                secret=cmd.secret,
                service=s.id,
                start=cmd.start.astimezone(UTC),
                by=cmd.by,
            )
        ]

    def import_(self, cmd: c.ImportBookings, now: datetime) -> list[ev.AnyEvent]:
        out: list[ev.AnyEvent] = []
        extra: dict[tuple[str, datetime], int] = {}
        codes: set[str] = set()
        for line, one in zip(cmd.lines, cmd.bookings, strict=True):
            key = (one.service, one.start)
            try:
                if one.code in codes:
                    raise err.CodeTaken("That booking code is in use already; try again.")
                out += self.book(one, now, extra=extra.get(key, 0))
            except err.DomainError as e:
                raise type(e)(f"Line {line}: {e.message} Nothing was imported.") from None
            extra[key] = extra.get(key, 0) + 1
            codes.add(one.code)
        return out

    def move(self, cmd: c.MoveBooking, now: datetime) -> list[ev.AnyEvent]:
        b = self.get(cmd.booking)
        self._open(b)
        check_slot(self.config, self.index, self._service(b.service), cmd.start, now, moving=b)
        return [ev.BookingMoved(at=now, booking=b.id, start=cmd.start.astimezone(UTC), by=cmd.by)]

    def cancel(self, cmd: c.CancelBooking, now: datetime) -> list[ev.AnyEvent]:
        b = self.get(cmd.booking)
        self._open(b)
        return [ev.BookingCancelled(at=now, booking=b.id, by=cmd.by)]

    def check_in(self, cmd: c.CheckIn, now: datetime) -> Booking:
        """The booking a visitor may check in now with `cmd.code`, or a DomainError saying
        why not (the centre then issues the ticket)."""
        b = self.by_code(cmd.code)
        if b.status == "checked_in":
            raise err.BookingClosed(f"The booking {b.code} is checked in already as {b.ticket}.")
        if b.status == "cancelled":
            raise err.BookingClosed(f"The booking {b.code} was cancelled.")
        s = self._service(b.service)
        if b.status == "missed" or now > grace_end(s, b.start):
            raise err.BookingLapsed(
                f"The booking {b.code} for {when(self.config, b.start)} has lapsed: "
                "please take a walk-in ticket."
            )
        # A later day only: a booking of 23:55 may still check in at 00:02 within its grace.
        if local_day(self.config, b.start) > local_day(self.config, now):
            raise err.BookingNotToday(
                f"The booking {b.code} is for {when(self.config, b.start)}: "
                "please come back that day."
            )
        return b

    def missed(self, now: datetime) -> list[ev.AnyEvent]:
        out: list[ev.AnyEvent] = []
        for b in self.state.bookings.values():
            if b.status == "booked":
                s = self.config.services.get(b.service)
                if s is None or now > grace_end(s, b.start):
                    out.append(ev.BookingMissed(at=now, booking=b.id))
        return out

    # ---- apply ---------------------------------------------------------------------------

    def apply(self, e: ev.BookingEvent) -> None:
        match e:
            case ev.BookingMade():
                b = Booking(
                    id=e.booking,
                    code=e.code,
                    secret=e.secret,
                    service=e.service,
                    start=e.start,
                    made_at=e.at,
                )
                self.state.bookings[b.id] = b
                self.index.add(b)
            case ev.BookingMoved():
                b = self.state.bookings[e.booking]
                self.index.forget(b)
                b.start = e.start
                self.index.add(b)
            case ev.BookingCancelled():
                b = self.state.bookings[e.booking]
                self.index.release(b)
                b.status = "cancelled"
            case ev.BookingMissed():
                b = self.state.bookings[e.booking]
                self.index.release(b)
                b.status = "missed"

    def checked_in(self, booking: str, ticket: str) -> None:
        b = self.state.bookings[booking]
        b.status, b.ticket = "checked_in", ticket

    def new_day(self, today: date) -> None:
        """Forget (in the state only) the bookings of days before yesterday."""
        oldest = today - timedelta(days=KEPT_DAYS)
        for b in list(self.state.bookings.values()):
            if local_day(self.config, b.start) < oldest:
                del self.state.bookings[b.id]
                self.index.forget(b)
