"""Domain events: the only things ever written to the log. State is what they add up to."""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class Event(msgspec.Struct, kw_only=True, frozen=True, tag_field="type"):
    at: datetime


class DayRolled(Event, kw_only=True, frozen=True, tag="day_rolled"):
    """A new local service day: numbering restarts and yesterday's leftovers expire."""

    day: date


class TicketTaken(Event, kw_only=True, frozen=True, tag="taken"):
    ticket: str
    service: str
    priority: str | None
    lang: str
    token: str
    device: str
    # A checked-in appointment: which booking, and the time it was booked for.
    booking: str | None = None
    booked_for: datetime | None = None
    # The wait the visitor was told at issue, in seconds (None before Rinda stored it).
    told_wait_s: int | None = None
    # Joined from home ("not here yet" until `TicketArrived`), and the code to check in with.
    remote: bool = False
    code: str | None = None


class TicketArrived(Event, kw_only=True, frozen=True, tag="arrived"):
    """A remote ticket checked in at a kiosk (`device`): it waits as a visitor here now, from
    the time it joined."""

    ticket: str
    device: str


class TurnPassed(Event, kw_only=True, frozen=True, tag="passed"):
    """`call_next` at `counter` would have called this remote ticket, but it was not here:
    passed over, it keeps its place for `[remote] grace_min` to check in."""

    ticket: str
    counter: str


class TicketLapsed(Event, kw_only=True, frozen=True, tag="lapsed"):
    """A passed-over remote ticket whose grace ended without a check-in: a no-show."""

    ticket: str


class TicketCalled(Event, kw_only=True, frozen=True, tag="called"):
    ticket: str
    counter: str
    clerk: str | None
    recall: bool = False


class ServingStarted(Event, kw_only=True, frozen=True, tag="serving"):
    ticket: str
    counter: str


class TicketFinished(Event, kw_only=True, frozen=True, tag="finished"):
    ticket: str
    counter: str


class TicketNoShow(Event, kw_only=True, frozen=True, tag="no_show"):
    ticket: str
    counter: str


class TicketCancelled(Event, kw_only=True, frozen=True, tag="cancelled"):
    ticket: str
    by: str


class TicketTransferred(Event, kw_only=True, frozen=True, tag="transferred"):
    ticket: str
    counter: str
    service: str
    keep_arrival: bool
    note: str = ""


class CounterOpened(Event, kw_only=True, frozen=True, tag="counter_opened"):
    counter: str
    clerk: str | None


class CounterPaused(Event, kw_only=True, frozen=True, omit_defaults=True, tag="counter_paused"):
    counter: str
    reason: str
    # When the clerk said they would be back (None: they did not say).
    back_at: datetime | None = None


class CounterResumed(Event, kw_only=True, frozen=True, tag="counter_resumed"):
    counter: str


class CounterClosed(Event, kw_only=True, frozen=True, omit_defaults=True, tag="counter_closed"):
    counter: str
    # Who closed it when not the counter itself (a manager's device, "server"); "" otherwise.
    by: str = ""


class IssuingStopped(Event, kw_only=True, frozen=True, tag="issuing_stopped"):
    """A manager stopped issuing tickets for a service; it lasts until `IssuingResumed`,
    across days."""

    service: str
    reason: str
    by: str


class IssuingResumed(Event, kw_only=True, frozen=True, tag="issuing_resumed"):
    service: str
    by: str


class NoticeSet(Event, kw_only=True, frozen=True, tag="notice_set"):
    """A manager's notice line for the displays ("" cleared it); it lasts until set again."""

    text: str
    by: str


class VisitRated(Event, kw_only=True, frozen=True, tag="rated"):
    """A visitor's answer to "How was your visit?", on the phone page (`by` "phone") or at a
    feedback tablet (`by` the tablet's device). A ticket's latest rating is the one that
    counts (it may be changed for a while after the visit); `ticket` None is an anonymous
    rating at a tablet. Nothing here says who the visitor is."""

    ticket: str | None
    # The counter the rated visit ended at, or the tablet's counter for an anonymous one.
    counter: str | None
    score: int  # 1 (very bad) to 5 (very good)
    reason: str | None  # one of the centre's configured reason ids, or none given
    by: str


class BookingMade(Event, kw_only=True, frozen=True, tag="booked"):
    booking: str
    code: str
    secret: str
    service: str
    start: datetime
    by: str


class BookingMoved(Event, kw_only=True, frozen=True, tag="booking_moved"):
    booking: str
    start: datetime
    by: str


class BookingCancelled(Event, kw_only=True, frozen=True, tag="booking_cancelled"):
    booking: str
    by: str


class BookingMissed(Event, kw_only=True, frozen=True, tag="booking_missed"):
    """Not checked in by the end of its grace window: a no-show, its place freed."""

    booking: str


AnyEvent = (
    DayRolled
    | TicketTaken
    | TicketCalled
    | ServingStarted
    | TicketFinished
    | TicketNoShow
    | TicketCancelled
    | TicketTransferred
    | CounterOpened
    | CounterPaused
    | CounterResumed
    | CounterClosed
    | BookingMade
    | BookingMoved
    | BookingCancelled
    | BookingMissed
    | IssuingStopped
    | IssuingResumed
    | NoticeSet
    | VisitRated
    | TicketArrived
    | TurnPassed
    | TicketLapsed
)
BookingEvent = BookingMade | BookingMoved | BookingCancelled | BookingMissed
# Events about one ticket (they all carry `ticket`).
TicketEvent = (
    TicketTaken
    | TicketCalled
    | ServingStarted
    | TicketFinished
    | TicketNoShow
    | TicketCancelled
    | TicketTransferred
)
# What happens to a ticket joined from home before it is called (they all carry `ticket`).
RemoteEvent = TicketArrived | TurnPassed | TicketLapsed

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(AnyEvent)


def encode(event: AnyEvent) -> bytes:
    return _encoder.encode(event)


def decode(data: bytes) -> AnyEvent:
    event: AnyEvent = _decoder.decode(data)
    return event
