"""Shown while the tablet cannot reach the server, or was refused: in all three languages
(nobody has chosen one) and with nothing to tap, since a rating could not be saved. It goes
by itself when the link is back; a refusal stays (an operator must act)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from feedback.pages.base import Page
from feedback.tablet import LinkState
from server.i18n import LANGS, Catalog


class OfflinePage(Page):
    link: reactive[LinkState] = reactive("starting", recompose=True)

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog, id="offline-page")

    def compose(self) -> ComposeResult:
        cat = self.catalog
        with Vertical(id="offline-text"):
            for lang in LANGS:
                if self.link == "refused":
                    yield Static(cat.t(lang, "offline.refused"), classes="offline-text")
                else:
                    yield Static(cat.t(lang, "offline.title"), classes="offline-title")
                    yield Static(cat.t(lang, "offline.text"), classes="offline-text")
