"""Typed frames that clients send, shared by the server (which decodes them once, at the edge)
and by every client. The frames the server sends are in `views`, `events`, `welcome` and
`replies` beside this module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from server.protocol.reports import GROUPINGS, By

PROTOCOL = 1

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
Number = Annotated[str, msgspec.Meta(min_length=2, max_length=8)]
Lang = Literal["lv", "ru", "en"]
# A booking code as typed or scanned (the server normalises case, spaces and dashes).
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
# A local calendar day, "YYYY-MM-DD" on the wire (msgspec refuses 2026-02-30 at decoding).
Day = date
# An instant with its offset (a slot's start, as `free_slots` lists it).
Instant = Annotated[datetime, msgspec.Meta(tz=True)]
# A visitor's name and phone or e-mail: optional, kept apart from the log, purged. The /join
# form takes no longer a contact either (server/net/remote_desk.py).
PERSONAL_CHARS = 100
Personal = Annotated[str, msgspec.Meta(max_length=PERSONAL_CHARS)]
# "phone": the visitor's status page; its token is the ticket's secret link token.
# "feedback": an exit tablet asking visitors how their visit was.
Role = Literal["kiosk", "display", "counter", "manager", "phone", "feedback"]


class Frame(msgspec.Struct, kw_only=True, frozen=True, tag_field="type"):
    pass


class Hello(Frame, kw_only=True, frozen=True, omit_defaults=True, tag="hello"):
    protocol: int
    role: Role
    token: Annotated[str, msgspec.Meta(max_length=128)] | None = None
    counter: Name | None = None


class Request(Frame, kw_only=True, frozen=True):
    id: Id


class TakeTicket(Request, kw_only=True, frozen=True, tag="take_ticket"):
    service: Name
    priority: Name | None = None
    lang: Lang = "lv"


class CallNext(Request, kw_only=True, frozen=True, tag="call_next"):
    pass


class CallTicket(Request, kw_only=True, frozen=True, tag="call_ticket"):
    ticket: Number


class Recall(Request, kw_only=True, frozen=True, tag="recall"):
    ticket: Number


class StartServing(Request, kw_only=True, frozen=True, tag="start"):
    ticket: Number


class Finish(Request, kw_only=True, frozen=True, tag="finish"):
    ticket: Number


class NoShow(Request, kw_only=True, frozen=True, tag="no_show"):
    ticket: Number


class Transfer(Request, kw_only=True, frozen=True, tag="transfer"):
    ticket: Number
    service: Name
    keep_arrival: bool = True
    note: Annotated[str, msgspec.Meta(max_length=500)] = ""


class Cancel(Request, kw_only=True, frozen=True, tag="cancel"):
    ticket: Number


class SignIn(Request, kw_only=True, frozen=True, tag="sign_in"):
    clerk: Name
    pin: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class SignOut(Request, kw_only=True, frozen=True, tag="sign_out"):
    pass


# The reasons the counter app pauses with, sent as these codes; every staff app words them in
# its own language (any other client's reason is free text, shown as it came).
PAUSE_REASONS = ("break", "paperwork", "other")


# The longest pause a clerk may announce ("back at"): a working day.
PAUSE_MINUTES_MAX = 12 * 60


class Pause(Request, kw_only=True, frozen=True, omit_defaults=True, tag="pause"):
    reason: Annotated[str, msgspec.Meta(max_length=100)] = ""
    # How long the clerk expects to be away; absent: not sure (no "back at" is shown).
    minutes: Annotated[int, msgspec.Meta(ge=1, le=PAUSE_MINUTES_MAX)] | None = None


class Resume(Request, kw_only=True, frozen=True, tag="resume"):
    pass


class PrinterStatus(Request, kw_only=True, frozen=True, tag="printer_status"):
    """A kiosk says how its ticket printer is: staff are told, tickets are not affected."""

    status: Literal["ok", "offline", "paper_out", "error"]
    detail: Annotated[str, msgspec.Meta(max_length=200)] = ""


class CheckIn(Request, kw_only=True, frozen=True, tag="check_in"):
    """A visitor with a booking checks in at the kiosk with its code (typed or scanned)."""

    code: Code
    lang: Lang = "lv"


class FreeSlots(Request, kw_only=True, frozen=True, tag="free_slots"):
    """The free slots of a service on `days` local days from `day` (default: today)."""

    service: Name
    day: Day | None = None
    days: Annotated[int, msgspec.Meta(ge=1, le=31)] = 1


class Book(Request, kw_only=True, frozen=True, tag="book"):
    service: Name
    start: Instant
    name: Personal = ""
    contact: Personal = ""


class MoveBooking(Request, kw_only=True, frozen=True, tag="move_booking"):
    code: Code
    start: Instant


class CancelBooking(Request, kw_only=True, frozen=True, tag="cancel_booking"):
    code: Code


class Bookings(Request, kw_only=True, frozen=True, tag="bookings"):
    """The bookings of one local day (default: today), with the visitors' names."""

    day: Day | None = None


class ReportRequest(Request, kw_only=True, frozen=True, tag="report"):
    """A manager's wait-time report over local days `start`..`end` (both included), grouped
    `by`; `weekday` (ISO, 1 = Monday) keeps only that weekday's days; names in `lang`. `more`:
    further groupings of the same period, made from the same reading of the log (an Excel
    workbook's sheets agree with each other)."""

    start: Day
    end: Day
    by: By = "service"
    weekday: Annotated[int, msgspec.Meta(ge=1, le=7)] | None = None
    lang: Lang = "lv"
    more: Annotated[list[By], msgspec.Meta(max_length=len(GROUPINGS))] = msgspec.field(
        default_factory=list
    )


# What a manager writes for people to read (a kiosk's button, the waiting room's notice line):
# plain text, bounded; control characters (a line break among them) are refused by the server.
StopReason = Annotated[str, msgspec.Meta(max_length=100)]
NoticeText = Annotated[str, msgspec.Meta(max_length=200)]


class StopIssuing(Request, kw_only=True, frozen=True, tag="stop_issuing"):
    """A manager stops the kiosks issuing tickets for `service` until `resume_issuing`; the
    kiosks show the service as closed with `reason`. People already waiting are still called."""

    service: Name
    reason: StopReason = ""


class ResumeIssuing(Request, kw_only=True, frozen=True, tag="resume_issuing"):
    service: Name


class SetNotice(Request, kw_only=True, frozen=True, tag="set_notice"):
    """A manager's line on every waiting-room display, in place of the config's notice while
    it is set ("" clears it)."""

    text: NoticeText


class CloseCounter(Request, kw_only=True, frozen=True, tag="close_counter"):
    """A manager signs out a counter left signed in (refused while a visitor is at it)."""

    counter: Name


class Rate(Request, kw_only=True, frozen=True, tag="rate"):
    """A feedback tablet's rating: of the visit just finished at its counter, or anonymous
    (the ok reply says which); `reason` one of the welcome's reason ids, or none."""

    score: Annotated[int, msgspec.Meta(ge=1, le=5)]
    reason: Name | None = None


AnyRequest = (
    TakeTicket
    | CallNext
    | CallTicket
    | Recall
    | StartServing
    | Finish
    | NoShow
    | Transfer
    | Cancel
    | SignIn
    | SignOut
    | Pause
    | Resume
    | PrinterStatus
    | CheckIn
    | FreeSlots
    | Book
    | MoveBooking
    | CancelBooking
    | Bookings
    | ReportRequest
    | StopIssuing
    | ResumeIssuing
    | SetNotice
    | CloseCounter
    | Rate
)
ClientFrame = Hello | AnyRequest
# Grouped by what their ok reply carries (`replies.REPLY_TO`).
TicketRequest = CallNext | CallTicket | Recall | StartServing | Finish | NoShow | Transfer | Cancel
PlainRequest = SignOut | Pause | Resume | PrinterStatus
ManagerAction = StopIssuing | ResumeIssuing | SetNotice | CloseCounter
BookingRequest = Book | MoveBooking | CancelBooking

# Which roles may send which request: anything else is `forbidden`.
ALLOWED: dict[type[Request], tuple[str, ...]] = {
    TakeTicket: ("kiosk",),
    CallNext: ("counter",),
    CallTicket: ("counter",),
    Recall: ("counter",),
    StartServing: ("counter",),
    Finish: ("counter",),
    NoShow: ("counter",),
    Transfer: ("counter",),
    Cancel: ("manager",),
    SignIn: ("counter",),
    SignOut: ("counter",),
    Pause: ("counter",),
    Resume: ("counter",),
    PrinterStatus: ("kiosk",),
    CheckIn: ("kiosk",),
    FreeSlots: ("counter", "manager"),
    Book: ("counter", "manager"),
    MoveBooking: ("counter", "manager"),
    CancelBooking: ("counter", "manager"),
    Bookings: ("counter", "manager"),
    ReportRequest: ("manager",),
    StopIssuing: ("manager",),
    ResumeIssuing: ("manager",),
    SetNotice: ("manager",),
    CloseCounter: ("manager",),
    Rate: ("feedback",),
}


def _tag(kind: type[msgspec.Struct]) -> str:
    return str(kind.__struct_config__.tag)


TYPES = frozenset([_tag(Hello), *(_tag(kind) for kind in ALLOWED)])
