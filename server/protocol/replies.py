"""The answers to requests: `ok` with a body per request, or `error` (docs/protocol.md, 3 and 6).

Every `ok` reply has the tag "ok"; which body it carries follows from the request it answers
(`REPLY_TO`), so a client decodes an answer once it knows which of its requests it answers.
"""

from __future__ import annotations

import msgspec

from server.protocol import messages as m
from server.protocol.codes import ErrorCode
from server.protocol.reports import Report
from server.protocol.views import (
    BookingView,
    ClerkInfo,
    IssuedTicket,
    ServerFrame,
    SlotView,
    TicketView,
)


class Ok(ServerFrame, kw_only=True, frozen=True, omit_defaults=True, tag="ok"):
    """An ok reply with nothing to say (`sign_out`, `pause`, `resume`, `printer_status` and
    the manager's actions).

    `re` is the request's `id`; it is None only for the server's own commands (never sent).
    """

    re: str | None = None


class TicketIssued(Ok, kw_only=True, frozen=True):
    """The answer to `take_ticket`."""

    ticket: IssuedTicket


class TicketReply(Ok, kw_only=True, frozen=True):
    """The ticket a counter or manager request acted on (`call_next`: null if nobody waits)."""

    ticket: TicketView | None


class SignedIn(Ok, kw_only=True, frozen=True):
    clerk: ClerkInfo


class SlotList(Ok, kw_only=True, frozen=True):
    """The answer to `free_slots`: the slots with room, in time order."""

    service: str
    slots: list[SlotView]


class BookingReply(Ok, kw_only=True, frozen=True):
    """The booking a `book`, `move_booking` or `cancel_booking` made or changed."""

    booking: BookingView


class BookingList(Ok, kw_only=True, frozen=True):
    """The answer to `bookings`: one local day's bookings in time order."""

    day: str
    bookings: list[BookingView]


class ReportReply(Ok, kw_only=True, frozen=True):
    """The answer to `report`: `more` holds the reports of the request's `more`, in its
    order, made together with `report`."""

    report: Report
    more: list[Report] = msgspec.field(default_factory=list)


class Rated(Ok, kw_only=True, frozen=True):
    """The answer to `rate`: the ticket the rating counts for (null: anonymous)."""

    rated: str | None


class Error(ServerFrame, kw_only=True, frozen=True, omit_defaults=True, tag="error"):
    """A refusal. `re` is the request's `id` when it could be read.

    `code` is a `str` on the wire type so that a client keeps working when a newer server
    adds a code (it treats an unknown one as a refusal); the server builds errors only with
    `error_frame`, which accepts only the `ErrorCode` enumeration.
    """

    code: str
    message: str
    re: str | None = None


def error_frame(code: ErrorCode, message: str, request_id: str | None = None) -> Error:
    return Error(code=code, message=message, re=request_id)


REPLY_TO: dict[type[m.Request], type[Ok]] = {
    m.TakeTicket: TicketIssued,
    m.CallNext: TicketReply,
    m.CallTicket: TicketReply,
    m.Recall: TicketReply,
    m.StartServing: TicketReply,
    m.Finish: TicketReply,
    m.NoShow: TicketReply,
    m.Transfer: TicketReply,
    m.Cancel: TicketReply,
    m.SignIn: SignedIn,
    m.SignOut: Ok,
    m.Pause: Ok,
    m.Resume: Ok,
    m.PrinterStatus: Ok,
    m.CheckIn: TicketIssued,
    m.FreeSlots: SlotList,
    m.Book: BookingReply,
    m.MoveBooking: BookingReply,
    m.CancelBooking: BookingReply,
    m.Bookings: BookingList,
    m.ReportRequest: ReportReply,
    m.StopIssuing: Ok,
    m.ResumeIssuing: Ok,
    m.SetNotice: Ok,
    m.CloseCounter: Ok,
    m.Rate: Rated,
}
"""The ok reply of each request type."""

_encoder = msgspec.json.Encoder()


def encode(frame: ServerFrame) -> bytes:
    """A server frame as the JSON text it is sent as (UTF-8 bytes)."""
    return _encoder.encode(frame)
