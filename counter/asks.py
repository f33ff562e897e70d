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


@dataclass(frozen=True)
class SignInAs:
    clerk: str
    pin: str


Ask = Press | TransferTo | CallNumber | PauseFor | SignInAs
