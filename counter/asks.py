"""What the clerk asks the counter to do: a key or button, or what a dialog chose.

Plain values, no Textual: the screen and its dialogs post them, and `CounterModel.ask` turns
each into the request it means, if it makes sense now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Action = Literal[
    "call_next",
    "recall",
    "start",
    "finish",
    "no_show",
    "transfer",
    "call_number",
    "pause",
    "resume",
    "sign_out",
    "bookings",
]
ACTIONS: tuple[Action, ...] = get_args(Action)


@dataclass(frozen=True)
class Press:
    """An action with nothing more to say (the ones that open a dialog say it with the
    dialog's answer below)."""

    action: Action


@dataclass(frozen=True)
class TransferTo:
    service: str
    keep_arrival: bool
    note: str


@dataclass(frozen=True)
class CallNumber:
    number: str


@dataclass(frozen=True)
class PauseFor:
    reason: str
    minutes: int | None = None  # how long the clerk expects to be away (None: not sure)


@dataclass(frozen=True)
class SignInAs:
    clerk: str
    pin: str


# ---- the bookings view (counter/screens/bookings.py) ---------------------------------------


@dataclass(frozen=True)
class ListBookings:
    """Today's bookings again (on opening the view, and after frames that changed them)."""

    # The view opens: what was said there last time is old news.
    opening: bool = False


@dataclass(frozen=True)
class FindSlots:
    service: str


@dataclass(frozen=True)
class BookSlot:
    service: str
    start: str
    name: str
    contact: str


@dataclass(frozen=True)
class MoveTo:
    code: str
    start: str


@dataclass(frozen=True)
class CancelBooking:
    code: str


BookingAsk = ListBookings | FindSlots | BookSlot | MoveTo | CancelBooking
Ask = Press | TransferTo | CallNumber | PauseFor | SignInAs | BookingAsk
