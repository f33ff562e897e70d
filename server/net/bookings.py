"""The booking desk: one set of rules for every way in (the counter's booking screen over the
websocket, the HTTP API, the command line). It turns a request into a core command with the
randomness the core does not have (the booking's id, code and secret), sends it through the
owner (so a booking is acknowledged only after its commit), and builds the views staff and
visitors see.

A visitor's name and contact ride along with the command to the store, written in the same
transaction as the booking's events but never into them (server/store/apart.py); they are
read back only for staff's list of a day's bookings, and never sent in a stored reply.
"""

from __future__ import annotations

import secrets
from collections.abc import Container, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from server.config import CentreConfig
from server.core import booking as bk
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.centre import Centre
from server.core.model import Booking
from server.net import frames
from server.net.owner import Owner
from server.net.replies import Answer
from server.protocol.replies import BookingReply, Ok, TicketIssued, encode, error_frame
from server.protocol.views import BookingView, SlotView
from server.store.apart import PersonalRow
from server.store.personal import personal_of

# Slot starts whose text the desk remembers (a year of 10-minute slots of a few services).
ISO_KEPT = 100_000


def new_code(taken: Container[str]) -> str:
    """A new check-in code, not one of `taken` (bookings' codes; remote tickets' too)."""
    while True:
        code = "".join(secrets.choice(bk.CODE_ALPHABET) for _ in range(bk.CODE_LENGTH))
        if code not in taken:
            return code


class ImportRow(NamedTuple):
    """One booking of an imported file, and the line it came from."""

    line: int
    service: str
    start: datetime
    name: str
    contact: str


class BookingsImported(Ok, kw_only=True, frozen=True):
    """The answer to an import (to the command line only, never on the websocket): every
    booking made, in the file's order."""

    bookings: list[BookingView]


class BookingDesk:
    def __init__(self, config: CentreConfig, owner: Owner) -> None:
        self.config = config
        self.owner = owner
        # Slot starts as sent: formatting a month of them costs more than finding them
        # (tests/bench/free_slots.py). Slots repeat from request to request.
        self._iso: dict[datetime, str] = {}

    @property
    def centre(self) -> Centre:
        # Looked up each time: the owner replaces its centre after a failed write.
        return self.owner.centre

    def view(self, b: Booking, now: datetime, name: str = "", contact: str = "") -> BookingView:
        return frames.booking_view(self.centre, b, now, name, contact)

    # ---- looking up ----------------------------------------------------------------------

    def by_code(self, text: str) -> Booking:
        """The booking with this code as typed or scanned; UnknownBooking if none."""
        code = bk.normal_code(text)
        b = self.centre.appointments.index.by_code.get(code or "")
        if b is None:
            raise err.UnknownBooking(
                "No booking has that code: check it, or take a walk-in ticket."
            )
        return b

    def by_secret(self, secret: str) -> Booking | None:
        return self.centre.appointments.index.by_secret.get(secret)

    def free_slots(
        self, service: str, day: date | None, days: int, now: datetime
    ) -> list[SlotView]:
        s = self.config.services.get(service)
        if s is None:
            raise err.UnknownService(f'There is no service "{service}" in this centre.')
        first = day or bk.local_day(self.config, now)
        wanted = [first + timedelta(days=i) for i in range(days)]
        free = bk.free_slots(self.config, self.centre.appointments.index, s, now, wanted)
        if len(self._iso) > ISO_KEPT:
            self._iso.clear()
        iso = self._iso
        return [
            SlotView(start=iso.get(start) or iso.setdefault(start, frames.iso(start)), free=n)
            for start, n in free
        ]

    async def day_list(self, day: date | None, now: datetime) -> list[BookingView]:
        """One local day's bookings in time order, with names (for staff only)."""
        wanted = day or bk.local_day(self.config, now)
        books = sorted(
            (
                b
                for b in self.centre.state.bookings.values()
                if bk.local_day(self.config, b.start) == wanted
            ),
            key=lambda b: (b.start, b.code),
        )
        names = await personal_of(self.owner.store, [b.id for b in books])
        return [self.view(b, now, *names.get(b.id, ("", ""))) for b in books]

    # ---- changing ------------------------------------------------------------------------

    async def book(
        self,
        device: str,
        request_id: str | None,
        service: str,
        start: datetime,
        name: str = "",
        contact: str = "",
    ) -> Answer:
        index = self.centre.appointments.index
        cmd = c.Book(
            service=service,
            start=start,
            booking=secrets.token_hex(8),
            code=new_code(index.by_code),
            secret=secrets.token_urlsafe(16),
            by=device,
        )
        personal: tuple[PersonalRow, ...] = ()
        if name.strip() or contact.strip():
            day = bk.local_day(self.config, start).isoformat()
            personal = ((cmd.booking, day, name.strip(), contact.strip()),)
        return await self.owner.submit(cmd, device, request_id, self._reply, personal)

    async def import_bookings(
        self, device: str, request_id: str | None, rows: Sequence[ImportRow]
    ) -> Answer:
        """All of `rows` booked in one command and one transaction, or none (the error names
        the first line refused)."""
        taken = self.centre.appointments.index.by_code
        codes: set[str] = set()
        books: list[c.Book] = []
        personal: list[PersonalRow] = []
        for row in rows:
            while (code := new_code(taken)) in codes:
                pass
            codes.add(code)
            one = c.Book(
                service=row.service,
                start=row.start,
                booking=secrets.token_hex(8),
                code=code,
                secret=secrets.token_urlsafe(16),
                by=device,
            )
            books.append(one)
            if row.name.strip() or row.contact.strip():
                day = bk.local_day(self.config, row.start).isoformat()
                personal.append((one.booking, day, row.name.strip(), row.contact.strip()))
        cmd = c.ImportBookings(bookings=tuple(books), lines=tuple(r.line for r in rows))
        return await self.owner.submit(cmd, device, request_id, self._imported, tuple(personal))

    async def move(self, device: str, request_id: str | None, code: str, start: datetime) -> Answer:
        try:
            b = self.by_code(code)
        except err.DomainError as e:
            return encode(error_frame(e.code, e.message, request_id))
        cmd = c.MoveBooking(booking=b.id, start=start, by=device)
        # The personal data's day follows the booking, so it is purged by its real day.
        day = bk.local_day(self.config, start).isoformat()
        personal: tuple[PersonalRow, ...] = ((b.id, day, None, None),)
        return await self.owner.submit(cmd, device, request_id, self._reply, personal)

    async def cancel(self, device: str, request_id: str | None, code: str) -> Answer:
        try:
            b = self.by_code(code)
        except err.DomainError as e:
            return encode(error_frame(e.code, e.message, request_id))
        cmd = c.CancelBooking(booking=b.id, by=device)
        return await self.owner.submit(cmd, device, request_id, self._reply)

    async def check_in(self, device: str, request_id: str | None, code: str, lang: str) -> Answer:
        normal = bk.normal_code(code)
        if normal is None:
            unknown = err.UnknownBooking("That is not a booking code: it has 6 letters and digits.")
            return encode(error_frame(unknown.code, unknown.message, request_id))
        cmd = c.CheckIn(
            code=normal,
            lang=lang,
            token=secrets.token_urlsafe(16),
            device=device,
            told_wait_s=self._told_wait(normal),
        )
        return await self.owner.submit(cmd, device, request_id, self._checked_in)

    def _told_wait(self, code: str) -> int | None:
        """An appointment's wait, from the owner's current estimate: a walk-in's of its
        service, but never before its booked time (an early visitor waits at least until
        then). None for a code that is no booking: the check-in is refused anyway."""
        b = self.centre.appointments.index.by_code.get(code)
        if b is None:
            return None
        walk_in = self.owner.waits.new.get((b.service, None), 0)
        until_booked = round((b.start - self.owner.clock()).total_seconds())
        return max(walk_in, until_booked)

    # ---- replies (built right after the command's events were applied) --------------------

    def _reply(
        self, request_id: str | None, events: list[ev.AnyEvent], now: datetime
    ) -> BookingReply:
        made = next(e for e in events if isinstance(e, ev.BookingEvent))
        b = self.centre.state.bookings[made.booking]
        return BookingReply(re=request_id, booking=self.view(b, now))

    def _imported(
        self, request_id: str | None, events: list[ev.AnyEvent], now: datetime
    ) -> BookingsImported:
        made = [
            self.centre.state.bookings[e.booking] for e in events if isinstance(e, ev.BookingMade)
        ]
        return BookingsImported(re=request_id, bookings=[self.view(b, now) for b in made])

    def _checked_in(
        self, request_id: str | None, events: list[ev.AnyEvent], now: datetime
    ) -> TicketIssued:
        """The ticket an appointment was issued as, or the remote ticket that checked in."""
        came = next(e for e in events if isinstance(e, ev.TicketTaken | ev.TicketArrived))
        t = self.centre.state.tickets[came.ticket]
        ahead = self.centre.ahead_of(t)
        told = came.told_wait_s if isinstance(came, ev.TicketTaken) else None
        if told is None:
            told = self.owner.waits.tickets.get(t.number, 0)
        issued = frames.issued_ticket(self.centre, t, ahead, told)
        return TicketIssued(re=request_id, ticket=issued)
