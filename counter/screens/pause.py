"""Pause the counter, saying why (break, paperwork, other): the reason is shown to the
manager and on this screen until the clerk resumes. Dismissed with what to ask for, or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from counter.asks import PauseFor
from counter.words import Words
from server.protocol.messages import PAUSE_REASONS


class PauseScreen(ModalScreen[PauseFor | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words
        self.reasons = OptionList(*(Option(words.t(f"reasons.{r}"), id=r) for r in PAUSE_REASONS))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.words.t("pause.title"), classes="dialog-title")
            yield self.reasons
            yield Label(self.words.t("pause.hint"), classes="hint")

    def on_mount(self) -> None:
        self.reasons.highlighted = 0
        self.reasons.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(PauseFor(event.option.id or PAUSE_REASONS[0]))

    def action_cancel(self) -> None:
        self.dismiss(None)
