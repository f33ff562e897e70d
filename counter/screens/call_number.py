"""Call a specific ticket: a visitor who was skipped, or who comes back after a no-show."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

if TYPE_CHECKING:
    from counter.app import CounterApp


class CallNumberScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        app = cast("CounterApp", self.app)
        with Vertical(classes="dialog"):
            yield Label(app.t("call.title"), classes="dialog-title")
            yield Input(placeholder=app.t("call.number"), max_length=8, id="number")
            yield Label(app.t("call.hint"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        number = event.value.strip().upper()
        if number:
            self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
