"""The server's own commands: what it does by the clock (start each service day, settle missed
bookings, sign out counters after closing, purge old personal data once a day) and when
another process changed the clerks (`rinda clerk add|remove`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from server.config import CentreConfig
from server.core import commands as c
from server.core.booking import local_day
from server.core.rules import counters_to_sign_out
from server.net.owner import Owner, nothing
from server.net.requests import RequestRouter
from server.store.clerks import clerk_ids
from server.store.events import EventStore
from server.store.personal import purge

log = logging.getLogger("rinda.server")


class Chores:
    def __init__(
        self,
        config: CentreConfig,
        owner: Owner,
        router: RequestRouter,
        store: EventStore,
        clock: Callable[[], datetime],
    ) -> None:
        self.config = config
        self.owner = owner
        self.router = router
        self.store = store
        self.clock = clock
        # The service day whose old personal data was last purged (None: not yet).
        self._purged_for: date | None = None

    async def every_tick(self) -> None:
        await self.owner.submit(c.RollDay(), "server", None, nothing)
        await self.owner.submit(c.MarkMissed(), "server", None, nothing)
        await self.owner.submit(c.LapseRemote(), "server", None, nothing)
        await self.sign_out_after_closing()
        await self.sign_out_removed()
        await self._purge_once_a_day()

    async def _purge_once_a_day(self) -> None:
        """Delete the personal data past `[bookings] retain_days`, on the first tick of each
        service day (and the first after a start)."""
        today = local_day(self.config, self.clock())
        if self._purged_for != today:
            before = today - timedelta(days=self.config.spec.bookings.retain_days)
            done = await purge(self.store, before)
            self._purged_for = today
            log.info(
                "purged the personal data of %d booking(s) and %d visitor comment(s) before %s",
                done.rows, done.comments, before,
            )  # fmt: skip

    async def clerks_changed(self) -> None:
        """Signing in is required once clerks exist; a clerk removed while signed in calls
        nobody new from then on (net/requests.py)."""
        ids = await clerk_ids(self.store)
        self.router.clerks_exist = bool(ids)
        signed_in = {cs.clerk for cs in self.owner.centre.state.counters.values() if cs.clerk}
        self.router.removed_clerks = frozenset(signed_in - ids)

    async def sign_out_removed(self) -> None:
        """Sign out removed clerks whose counter has no visitor. One who has is signed out
        right after that visitor is done (net/requests.py); the tick catches what a restart
        left behind."""
        for cid, cs in self.owner.centre.state.counters.items():
            if cs.clerk in self.router.removed_clerks and cs.ticket is None:
                log.warning("counter %s: clerk %r was removed, signing them out", cid, cs.clerk)
                closing = c.CloseCounter(counter=cid, by="server")
                await self.owner.submit(closing, "server", None, nothing)

    async def sign_out_after_closing(self) -> None:
        """Close the counters still open after the day's last call (see core/rules.py)."""
        centre = self.owner.centre
        for cid in counters_to_sign_out(centre.config, centre.state, self.clock()):
            closing = c.CloseCounter(counter=cid, by="server")
            await self.owner.submit(closing, "server", None, nothing)
