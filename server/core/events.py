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


class CounterPaused(Event, kw_only=True, frozen=True, tag="counter_paused"):
    counter: str
    reason: str


class CounterResumed(Event, kw_only=True, frozen=True, tag="counter_resumed"):
    counter: str


class CounterClosed(Event, kw_only=True, frozen=True, tag="counter_closed"):
    counter: str


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
)
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

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(AnyEvent)


def encode(event: AnyEvent) -> bytes:
    return _encoder.encode(event)


def decode(data: bytes) -> AnyEvent:
    event: AnyEvent = _decoder.decode(data)
    return event
