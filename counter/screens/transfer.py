"""Transfer the current visitor to another service: pick the service, keep their place by
arrival or send them to the front, and leave an optional note for the next clerk. Dismissed
with what to ask for, or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from counter.asks import TransferTo
from counter.words import Words


class TransferScreen(ModalScreen[TransferTo | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, words: Words, number: str, services: list[tuple[str, str]]) -> None:
        """`services`: (id, name in the clerk's language) in the order offered."""
        super().__init__()
        self.words = words
        self.number = number
        # Names from the config: plain text, never read as markup.
        options = [Option(Content(name), id=sid) for sid, name in services]
        self.services = OptionList(*options, id="services")
        self.front = Checkbox(words.t("transfer.front"), id="front")

    def compose(self) -> ComposeResult:
        t = self.words.t
        with Vertical(classes="dialog"):
            yield Label(Content(t("transfer.title", number=self.number)), classes="dialog-title")
            yield self.services
            yield self.front
            yield Input(placeholder=t("transfer.note"), max_length=500, id="note")
            yield Label(t("transfer.hint"), classes="hint")

    def on_mount(self) -> None:
        self.services.highlighted = 0
        self.services.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.front.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        services = self.services
        if services.highlighted is None:
            services.focus()
            return
        sid = services.get_option_at_index(services.highlighted).id or ""
        front = self.front.value
        self.dismiss(TransferTo(sid, keep_arrival=not front, note=event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
