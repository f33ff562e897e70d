"""Commands: what someone asks the centre to do. The core turns each into events or an error."""

from __future__ import annotations

from datetime import datetime

import msgspec


class Command(msgspec.Struct, kw_only=True, frozen=True):
    pass


class RollDay(Command, kw_only=True, frozen=True):
    """Start the local service day `now` falls in (issued by the server, not by clients)."""


class TakeTicket(Command, kw_only=True, frozen=True):
    service: str
    priority: str | None = None
    lang: str = "lv"
    # The unguessable status-page token comes from outside: the core has no randomness.
    token: str
    device: str
    # The wait the visitor was told (server/core/estimate.py `Waits.new`), kept with the
    # ticket so reports can say how wrong Rinda was; None when nobody computed one.
    told_wait_s: int | None = None


class CallNext(Command, kw_only=True, frozen=True):
    counter: str
    # Until the centre registers clerks, a counter opens itself on its first call.
    auto_open: bool = False
    # Once it has clerks, only a counter with a clerk signed in may call.
    clerk_required: bool = False


class CallTicket(Command, kw_only=True, frozen=True):
    """Call a specific waiting ticket (a visitor who was skipped or comes back)."""

    counter: str
    ticket: str
    clerk_required: bool = False


class Recall(Command, kw_only=True, frozen=True):
    counter: str
    ticket: str


class StartServing(Command, kw_only=True, frozen=True):
    counter: str
    ticket: str


class Finish(Command, kw_only=True, frozen=True):
    counter: str
    ticket: str


class NoShow(Command, kw_only=True, frozen=True):
    counter: str
    ticket: str


class Transfer(Command, kw_only=True, frozen=True):
    counter: str
    ticket: str
    service: str
    keep_arrival: bool = True
    note: str = ""


class Cancel(Command, kw_only=True, frozen=True):
    ticket: str
    by: str


class OpenCounter(Command, kw_only=True, frozen=True):
    counter: str
    clerk: str | None


class Pause(Command, kw_only=True, frozen=True):
    counter: str
    reason: str = ""
    # How long the clerk expects to be away (None: not sure): the window display says when.
    minutes: int | None = None


class Resume(Command, kw_only=True, frozen=True):
    counter: str


class CloseCounter(Command, kw_only=True, frozen=True):
    counter: str
    # Who closed it when not the counter itself: a manager's device, or "server".
    by: str = ""


class StopIssuing(Command, kw_only=True, frozen=True):
    """A manager stops the kiosks issuing tickets for a service until they resume it."""

    service: str
    reason: str
    by: str


class ResumeIssuing(Command, kw_only=True, frozen=True):
    service: str
    by: str


class SetNotice(Command, kw_only=True, frozen=True):
    """A manager's line on the waiting-room displays ("" clears it)."""

    text: str
    by: str


class Book(Command, kw_only=True, frozen=True):
    """Book a place in the slot of `service` starting at `start`. The id, code and secret
    come from outside (the core has no randomness); a code already in use is refused."""

    service: str
    start: datetime
    booking: str
    code: str
    secret: str
    by: str


class ImportBookings(Command, kw_only=True, frozen=True):
    """Many bookings, all or none (`rinda appointments import`); `lines` says where each came
    from, for the error that names the first one refused."""

    bookings: tuple[Book, ...]
    lines: tuple[int, ...]


class MoveBooking(Command, kw_only=True, frozen=True):
    booking: str
    start: datetime
    by: str


class CancelBooking(Command, kw_only=True, frozen=True):
    booking: str
    by: str


class CheckIn(Command, kw_only=True, frozen=True):
    """A visitor with a booking at the kiosk: a ticket marked as an appointment."""

    code: str
    lang: str = "lv"
    token: str
    device: str
    told_wait_s: int | None = None


class JoinQueue(Command, kw_only=True, frozen=True):
    """A ticket for today taken from home (the /join page, or the booking API by `device`):
    it waits "not here yet" until checked in at a kiosk with `code` (unique today among
    bookings and remote tickets; it comes from outside, like a booking's)."""

    service: str
    lang: str = "lv"
    token: str
    code: str
    device: str
    told_wait_s: int | None = None


class LapseRemote(Command, kw_only=True, frozen=True):
    """Lapse the passed-over remote tickets whose grace has ended (the server's tick)."""


class MarkMissed(Command, kw_only=True, frozen=True):
    """Free the places of bookings whose grace window ended without a check-in (the server
    issues it on its tick)."""


class RateVisit(Command, kw_only=True, frozen=True):
    """A visitor's rating of a visit: of `ticket` (the phone page, `by` "phone"), or, with
    `ticket` None, at a feedback tablet `by` of `counter` (its visit just finished there, or
    an anonymous rating; server/core/feedback.py says which)."""

    ticket: str | None
    counter: str | None
    score: int
    reason: str | None
    by: str


AnyCommand = (
    RollDay
    | TakeTicket
    | CallNext
    | CallTicket
    | Recall
    | StartServing
    | Finish
    | NoShow
    | Transfer
    | Cancel
    | OpenCounter
    | Pause
    | Resume
    | CloseCounter
    | Book
    | ImportBookings
    | MoveBooking
    | CancelBooking
    | CheckIn
    | JoinQueue
    | LapseRemote
    | MarkMissed
    | StopIssuing
    | ResumeIssuing
    | SetNotice
    | RateVisit
)
