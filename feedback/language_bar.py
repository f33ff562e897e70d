"""The bar along the top of every page: the centre's name (config: plain text, never markup)
and one button per language, the one in use marked. A tap switches the page under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from feedback.rating import Rating
from feedback.tablet import Tablet, in_lang
from server.i18n import LANGS, Catalog
from server.protocol.messages import Lang


class LanguageBar(Horizontal):
    rating: reactive[Rating] = reactive(lambda: Rating("lv"))
    tablet: reactive[Tablet | None] = reactive(None)

    class LanguageChosen(Message):
        def __init__(self, lang: Lang) -> None:
            super().__init__()
            self.lang: Lang = lang

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(id="language-bar")
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        yield Static(id="centre")
        for lang in LANGS:
            yield Button(self.catalog.t(lang, "language.name"), id=f"lang-{lang}", classes="lang")

    def watch_rating(self, rating: Rating) -> None:
        for lang in LANGS:
            self.query_one(f"#lang-{lang}", Button).set_class(lang == rating.lang, "chosen")
        self._show_centre()

    def watch_tablet(self) -> None:
        self._show_centre()

    def _show_centre(self) -> None:
        name = in_lang(self.tablet.centre, self.rating.lang) if self.tablet else ""
        self.query_one("#centre", Static).update(Content(name))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        for lang in LANGS:
            if event.button.id == f"lang-{lang}":
                self.post_message(self.LanguageChosen(lang))
