"""Keeps the report summary of every closed service day (server/store/summaries.py).

A day is closed once the owner has rolled past it: its every event was committed before the
roll's. The server asks for a catch-up after each tick's roll and once at start, where every
closed day still missing (an upgrade from before summaries, a crash between a roll and its
summary) is written. The work is its own task: derived on a read-only connection in the
report worker process (server/net/report_desk.py), written in one short transaction per day,
never awaited by a ticket.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from server.config import CentreConfig
from server.net.owner import Owner
from server.net.report_desk import ReportDesk
from server.store.events import EventStore
from server.store.summaries import keep_summary, missing_days, open_read_only

log = logging.getLogger("rinda.server")


class SummaryKeeper:
    def __init__(
        self, config: CentreConfig, owner: Owner, store: EventStore, desk: ReportDesk
    ) -> None:
        self.config, self.owner, self.store, self.desk = config, owner, store, desk
        self._wanted = asyncio.Event()
        # The first day not closed when the keeper last caught up (None: not yet).
        self._caught_up_to: date | None = None

    def day_may_have_closed(self) -> None:
        """Called after each tick: a catch-up runs if the owner's day moved on."""
        if self.owner.centre.state.day != self._caught_up_to:
            self._wanted.set()

    async def run(self) -> None:
        self._wanted.set()
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await self.catch_up()
            except Exception:
                # A failing disk must not stop the server; the next tick tries again.
                log.exception("keeping the report summaries failed")
                self._caught_up_to = None

    async def catch_up(self) -> int:
        """Write the summary of every closed day that has none; how many were written."""
        today = self.owner.centre.state.day
        if today is None:
            return 0
        days = await asyncio.to_thread(self._missing, today)
        for day in days:
            # In the report worker: after an upgrade a year of days is derived here, Python
            # work that in a thread would hold the interpreter lock against the tickets.
            groups = await keep_summary(self.store, self.config, day, self.desk.run)
            log.info("kept the report summary of %s (%d groups)", day, groups)
        self._caught_up_to = today
        return len(days)

    def _missing(self, today: date) -> list[date]:
        conn = open_read_only(self.store.path)
        try:
            return missing_days(conn, self.config, today)
        finally:
            conn.close()
