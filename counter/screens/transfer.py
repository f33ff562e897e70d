"""Transfer the current visitor to another service: pick the service, keep their place by
arrival or send them to the front, and leave an optional note for the next clerk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from counter.app import CounterApp


@dataclass(frozen=True)
class TransferChoice:
    service: str
    keep_arrival: bool
    note: str


class TransferScreen(ModalScreen[TransferChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        app = cast("CounterApp", self.app)
        # Names from the config: plain text, never read as markup.
        options = [Option(Content(app.service_name(sid)), id=sid) for sid in app.model.services]
        with Vertical(classes="dialog"):
            title = Content(app.t("transfer.title", number=self.number))
            yield Label(title, classes="dialog-title")
            yield OptionList(*options, id="services")
            yield Checkbox(app.t("transfer.front"), id="front")
            yield Input(placeholder=app.t("transfer.note"), max_length=500, id="note")
            yield Label(app.t("transfer.hint"), classes="hint")

    def on_mount(self) -> None:
        services = self.query_one(OptionList)
        services.highlighted = 0
        services.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(Checkbox).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        services = self.query_one(OptionList)
        if services.highlighted is None:
            services.focus()
            return
        sid = services.get_option_at_index(services.highlighted).id or ""
        front = self.query_one(Checkbox).value
        self.dismiss(TransferChoice(sid, keep_arrival=not front, note=event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
