"""Call a specific ticket: a visitor who was skipped, or who comes back after a no-show.
Dismissed with what to ask for, or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from counter.asks import CallNumber
from counter.words import Words


class CallNumberScreen(ModalScreen[CallNumber | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        t = self.words.t
        with Vertical(classes="dialog"):
            yield Label(t("call.title"), classes="dialog-title")
            yield Input(placeholder=t("call.number"), max_length=8, id="number")
            yield Label(t("call.hint"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        number = event.value.strip().upper()
        if number:
            self.dismiss(CallNumber(number))

    def action_cancel(self) -> None:
        self.dismiss(None)
