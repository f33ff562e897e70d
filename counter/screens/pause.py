"""Pause the counter, saying why (break, paperwork, other): the reason is shown to the
manager and on this screen until the clerk resumes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from counter.app import CounterApp

REASONS = ("break", "paperwork", "other")


class PauseScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def compose(self) -> ComposeResult:
        app = cast("CounterApp", self.app)
        with Vertical(classes="dialog"):
            yield Label(app.t("pause.title"), classes="dialog-title")
            yield OptionList(*(Option(app.t(f"reasons.{r}"), id=r) for r in REASONS))
            yield Label(app.t("pause.hint"), classes="hint")

    def on_mount(self) -> None:
        reasons = self.query_one(OptionList)
        reasons.highlighted = 0
        reasons.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
