"""Shown when the kiosk cannot issue tickets: in all three languages, since nobody has chosen
one, and with nothing to tap. Three reasons, each with its own wording:

- "offline": the server cannot be reached. It goes away by itself when the link is back.
- "refused": the server refused this kiosk's token. It stays (an operator must act).
- "storage": the server is reachable but cannot save (`storage_failed`: its disk is read-only
  or full). The visitor is told plainly that no ticket was issued. While it is up, the page
  asks `/health` every `probe_interval` seconds whether the server can save again, and posts
  `CanSave` when it can (or when it cannot tell; see `OfflinePage.probe`). The probe is this
  page's own worker: it ends when the reason changes or the page goes.
"""

from __future__ import annotations

import asyncio
import logging

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from kiosk.health import read_health
from kiosk.pages.base import Page
from kiosk.state import Blocked
from server.i18n import LANGS, Catalog

log = logging.getLogger("rinda.kiosk")

# Probes in a row that could not tell (no /health, no answer) before the kiosk gives the next
# visitor a try anyway: their take_ticket is then the probe (~1 min at the default interval).
STORAGE_BLIND_PROBES = 12


class OfflinePage(Page):
    reason: reactive[Blocked | None] = reactive(None, recompose=True)
    """Why no ticket can be taken (bound to the app's `blocked`)."""

    class CanSave(Message):
        """The server can save again, or the kiosk cannot tell: back to the start."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        health_url: str,
        probe_interval: float,
    ) -> None:
        super().__init__(catalog, id="offline-page")
        self.health_url = health_url
        self.probe_interval = probe_interval

    def compose(self) -> ComposeResult:
        cat = self.catalog
        with Vertical(id="offline-text"):
            for lang in LANGS:
                if self.reason == "refused":
                    yield Static(cat.t(lang, "offline.refused"), classes="offline-text")
                elif self.reason == "storage":
                    yield Static(cat.t(lang, "offline.storage_title"), classes="offline-title")
                    yield Static(cat.t(lang, "offline.storage_text"), classes="offline-text")
                else:
                    yield Static(cat.t(lang, "offline.title"), classes="offline-title")
                    yield Static(cat.t(lang, "offline.text"), classes="offline-text")

    def watch_reason(self, reason: Blocked | None) -> None:
        if reason == "storage":
            self.probe()
        else:
            self.workers.cancel_group(self, "storage-probe")

    @work(group="storage-probe", exclusive=True)
    async def probe(self) -> None:
        """Ask `/health` whether the server can save again, until it can.

        Why `/health`: during a storage failure the link stays up and nothing on it says
        "saving works again". Kiosks are sent only `queue` and `day`; `queue` goes out after
        a commit but also after a tick that wrote nothing, and only when its text changed, so
        neither its arrival nor its absence proves anything. Resending `take_ticket` would
        issue a ticket to nobody, and `printer_status` never reaches the database. `/health`
        already answers exactly this question (it commits a write that changes nothing, which
        fails on a read-only or full disk; the real-disk drills in tests/ops check it), on
        the same host and port as `/ws`, and costs the server one tiny transaction per probe.
        So no server change was needed.

        An "ok" takes the kiosk back to the start; the next visitor's `take_ticket` is the
        real test (if it fails again, this page comes back and nothing was issued). When
        `/health` cannot be read at all (say a proxy hides it), the kiosk cannot tell, so
        after STORAGE_BLIND_PROBES such probes it goes back to the start the same way. A dropped
        link is left to the reconnect, which returns to the start by itself. One probe at a
        time: the next waits for the last one's answer.
        """
        blind = 0
        while True:
            await asyncio.sleep(self.probe_interval)
            health = await asyncio.to_thread(read_health, self.health_url)
            blind = blind + 1 if health is None else 0
            if health == "ok":
                log.info("the server can save again: back to the start")
                self.post_message(self.CanSave())
                return
            if blind >= STORAGE_BLIND_PROBES:
                log.warning("%s cannot be read: back to the start to try again", self.health_url)
                self.post_message(self.CanSave())
                return
