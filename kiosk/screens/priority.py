"""The "Do you have priority?" screen: one button per category and a clear "No"; one tap each.
Category names (config) are plain text (`Content`), never read as markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.screens.base import KioskScreen


class PriorityScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "back", "Back"),
        ("up", "app.focus_previous"),
        ("down", "app.focus_next"),
    ]

    def compose(self) -> ComposeResult:
        lang = self.kiosk.lang
        with Vertical(id="priority-page"):
            yield Static(self.t("priority.question"), classes="title")
            yield Static("", id="message")
            yield Button(self.t("priority.no"), id="prio-none", classes="big-wide")
            for p in self.kiosk.priorities:
                yield Button(
                    Content(p.name.get(lang) or p.name.get("lv", "")),
                    id=f"prio-{p.id}",
                    classes="big-wide",
                )
            yield Button(self.t("services.back"), id="back", classes="back")

    def on_mount(self) -> None:
        self.query_one("#prio-none", Button).focus()

    def show_message(self, text: str) -> None:
        self.query_one("#message", Static).update(Content(text))

    def set_busy(self, busy: bool) -> None:
        self.show_message(self.t("services.taking") if busy else "")

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ident = event.button.id or ""
        if ident == "back":
            self.app.pop_screen()
        elif ident == "prio-none":
            self.kiosk.take(None)
        elif ident.startswith("prio-"):
            self.kiosk.take(ident.removeprefix("prio-"))
