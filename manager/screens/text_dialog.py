"""A dialog asking the manager for one line of text (a reason, a notice): the question, the
field, and the buttons. The text is checked before the dialog closes (manager/actions.py), and
the sentence of what is wrong stays in it; Esc cancels (None)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from manager.actions import ActionError, checked
from manager.widgets.line_input import LineInput
from manager.words import Words


class TextDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]  # noqa: RUF012

    def __init__(
        self,
        words: Words,
        question: str,
        limit: int,
        *,
        label: str,
        ok: str,
        value: str = "",
        required: bool = True,
        clear: str | None = None,
    ) -> None:
        """`label`: what the field holds; `clear`: the label of a button that closes with ""
        (clearing a notice)."""
        super().__init__(classes="dialog")
        self.words = words
        self.question = question
        self.label = label
        self.limit = limit
        self.ok = ok
        self.value = value
        self.required = required
        self.clear = clear

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label(Content(self.question), classes="question")
            yield Label(self.label, classes="field-label")
            # Typing stops at the limit; a paste past it is refused with its length.
            yield LineInput(self.value, max_length=self.limit, id="text")
            yield Label("", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(self.ok, variant="primary", id="ok")
                if self.clear is not None:
                    yield Button(self.clear, variant="warning", id="clear")
                yield Button(self.words.t("dialog.cancel"), id="cancel")
            yield Label(self.words.t("dialog.hint"), classes="hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.submit()
        elif event.button.id == "clear":
            self.dismiss("")
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_line_input_refused(self, event: LineInput.Refused) -> None:
        event.stop()
        self.say(self.words.t(event.key, **event.values))

    def say(self, problem: str) -> None:
        self.query_one(".problem", Label).update(Content(problem))

    def submit(self) -> None:
        text = self.query_one("#text", Input).value
        try:
            self.dismiss(checked(text, self.limit, required=self.required))
        except ActionError as e:
            self.say(self.words.t(e.key, **e.values))

    def action_cancel(self) -> None:
        self.dismiss(None)
