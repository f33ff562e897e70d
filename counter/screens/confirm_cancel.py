"""Cancel a booking? Asked before its place is given up, since a cancelled booking cannot be
brought back. Dismissed with True to cancel, False to keep it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from counter.words import Words


class ConfirmCancelScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", show=False)]

    def __init__(self, words: Words, question: str) -> None:
        """`question`: which booking, in the clerk's words (it names a service: plain text)."""
        super().__init__()
        self.words = words
        self.question = question
        self.choice = OptionList(
            Option(words.t("cancel.no"), id="keep"),
            Option(words.t("cancel.yes"), id="cancel"),
            id="cancel-choice",
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.question), classes="dialog-title")
            yield self.choice
            yield Label(self.words.t("cancel.hint"), classes="hint")

    def on_mount(self) -> None:
        self.choice.highlighted = 0  # keeping it is the safe default
        self.choice.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == "cancel")

    def action_keep(self) -> None:
        self.dismiss(False)
