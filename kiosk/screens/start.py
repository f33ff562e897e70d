"""The first screen: one big button per language, Latvian first, each named in its own
language; the greeting is shown in all three, since nobody has chosen yet. The centre's name
(config) is shown in the kiosk's home language, whose button has the focus; it is plain text
(`Content`), never read as markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.screens.base import KioskScreen
from server.i18n import LANGS


class StartScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("left", "app.focus_previous"),
        ("right", "app.focus_next"),
    ]

    def compose(self) -> ComposeResult:
        cat = self.kiosk.catalog
        with Vertical(id="start"):
            yield Static(Content(self.kiosk.centre_name(self.kiosk.home_lang)), id="centre")
            yield Static(" · ".join(cat.t(lang, "start.welcome") for lang in LANGS), id="welcome")
            yield Static(" · ".join(cat.t(lang, "start.choose") for lang in LANGS), id="choose")
            with Center(), Horizontal(id="languages"):
                for lang in LANGS:
                    yield Button(
                        cat.t(lang, "start.language_name"), id=f"lang-{lang}", classes="big"
                    )

    def on_mount(self) -> None:
        self.refresh_centre()
        self.query_one(f"#lang-{self.kiosk.home_lang}", Button).focus()

    def refresh_centre(self) -> None:
        # A query, not query_one: while the app shuts down the screen may be mounted still but
        # emptied, and a last event from the server must not raise.
        for centre in self.query("#centre").results(Static):
            centre.update(Content(self.kiosk.centre_name(self.kiosk.home_lang)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        for lang in LANGS:
            if event.button.id == f"lang-{lang}":
                self.kiosk.choose_language(lang)
