"""Asks the manager to confirm an action that changes the centre (signing a counter out,
resuming issuing, replacing a file): yes or no. The yes button has the focus, so Enter
confirms (as docs/manager.md says a dialog does) and Esc is no. The question may hold names
from the config: plain text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from manager.words import Words


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", show=False)]  # noqa: RUF012

    def __init__(self, words: Words, question: str, yes: str) -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label(Content(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button(self.words.t("dialog.no"), id="no")
            yield Label(self.words.t("dialog.confirm_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)
