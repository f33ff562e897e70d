"""Shown while the server cannot be reached (or refused this kiosk): in all three languages,
since nobody has chosen one; it goes away by itself when the link is back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.screens.base import KioskScreen
from server.i18n import LANGS


class OfflineScreen(KioskScreen):
    def __init__(self, refused: bool = False) -> None:
        super().__init__()
        self.refused = refused

    def compose(self) -> ComposeResult:
        cat = self.kiosk.catalog
        with Vertical(id="offline-page"):
            for lang in LANGS:
                if self.refused:
                    yield Static(cat.t(lang, "offline.refused"), classes="offline-text")
                else:
                    yield Static(cat.t(lang, "offline.title"), classes="offline-title")
                    yield Static(cat.t(lang, "offline.text"), classes="offline-text")
