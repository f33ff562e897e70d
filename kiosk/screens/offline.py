"""Shown when the kiosk cannot issue tickets: in all three languages, since nobody has chosen
one, and with nothing to tap. Three reasons, each with its own wording:

- "offline": the server cannot be reached. It goes away by itself when the link is back.
- "refused": the server refused this kiosk's token. It stays (an operator must act).
- "storage": the server is reachable but cannot save (`storage_failed`: its disk is read-only
  or full). The visitor is told plainly that no ticket was issued. While it is up, the screen
  asks the app every `storage_probe_interval` seconds to check whether the server can save
  again (the app probes `/health`; see `KioskApp.probe_storage`); the app then returns to the
  start. The screen itself never touches the network.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.screens.base import KioskScreen
from server.i18n import LANGS

Reason = Literal["offline", "refused", "storage"]


class OfflineScreen(KioskScreen):
    def __init__(self, reason: Reason = "offline") -> None:
        super().__init__()
        self.reason: Reason = reason

    def compose(self) -> ComposeResult:
        cat = self.kiosk.catalog
        with Vertical(id="offline-page"):
            for lang in LANGS:
                if self.reason == "refused":
                    yield Static(cat.t(lang, "offline.refused"), classes="offline-text")
                elif self.reason == "storage":
                    yield Static(cat.t(lang, "offline.storage_title"), classes="offline-title")
                    yield Static(cat.t(lang, "offline.storage_text"), classes="offline-text")
                else:
                    yield Static(cat.t(lang, "offline.title"), classes="offline-title")
                    yield Static(cat.t(lang, "offline.text"), classes="offline-text")

    def on_mount(self) -> None:
        if self.reason == "storage":
            # A timer of this screen: it stops when the screen goes, whatever removed it.
            self.set_interval(self.kiosk.storage_probe_interval, self.kiosk.probe_storage)
