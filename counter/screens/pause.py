"""Pause the counter, saying why (break, paperwork, other) and then for how long (5 to 60
minutes, or not sure): the reason is shown to the manager and on this screen until the clerk
resumes, the time on the window display above the counter ("back at 14:30"). Dismissed with
what to ask for, or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from counter.asks import PauseFor
from counter.words import Words
from server.protocol.messages import PAUSE_REASONS

# The lengths offered, in minutes; the last option is "not sure" (no "back at" is shown).
LENGTHS = (5, 10, 15, 30, 60)
NOT_SURE = "not_sure"


class PauseScreen(ModalScreen[PauseFor | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    reason: var[str | None] = var(None)  # chosen: now the length is asked

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words
        self.reasons = OptionList(*(Option(words.t(f"reasons.{r}"), id=r) for r in PAUSE_REASONS))
        self.lengths = OptionList(
            *(Option(words.t("pause.minutes", n=str(n)), id=str(n)) for n in LENGTHS),
            Option(words.t("pause.not_sure"), id=NOT_SURE),
            id="lengths",
        )
        self.title_label = Label(words.t("pause.title"), classes="dialog-title")
        self.hint = Label(words.t("pause.hint"), classes="hint")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield self.title_label
            yield self.reasons
            yield self.lengths
            yield self.hint

    def on_mount(self) -> None:
        self.lengths.display = False
        self.reasons.highlighted = 0
        self.reasons.focus()

    def watch_reason(self, reason: str | None) -> None:
        if reason is None:
            return
        self.reasons.display = False
        self.lengths.display = True
        # "Not sure" first under the cursor: a wrong "back at" over the window is worse than none.
        self.lengths.highlighted = len(LENGTHS)
        self.lengths.focus()
        self.title_label.update(self.words.t("pause.how_long"))
        self.hint.update(self.words.t("pause.length_hint"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or ""
        if event.option_list is self.reasons:
            self.reason = chosen or PAUSE_REASONS[0]
        elif self.reason is not None:
            minutes = int(chosen) if chosen.isdigit() else None
            self.dismiss(PauseFor(self.reason, minutes))

    def action_cancel(self) -> None:
        self.dismiss(None)
