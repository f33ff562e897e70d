"""GET /health: is the server up and can it save, cheaply enough to be asked by anyone.

Whether the database takes a write is the one thing worth knowing (a read-only or full disk
fails every ticket while reads still work), but the probe is a committed, fsynced write on the
thread that commits tickets. So while the disk is fine it runs at most once per PROBE_EVERY_S
whatever the number of callers: concurrent and later requests within that time share its
answer. A monitoring probe every few seconds sees a failing disk within PROBE_EVERY_S; a
stranger polling /health in a loop costs the tickets nothing.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from server import __version__
from server.net.doorman import Doorman
from server.net.hub import Hub
from server.net.owner import Owner
from server.store.events import EventStore

PROBE_EVERY_S = 2.0


class Health:
    def __init__(self, store: EventStore, owner: Owner, doorman: Doorman, hub: Hub) -> None:
        self.store = store
        self.owner = owner
        self.doorman = doorman
        self.hub = hub
        self.started = time.monotonic()
        self._probe: asyncio.Task[bool] | None = None
        self._probed_at = 0.0

    async def database_ok(self) -> bool:
        probe = self._probe
        if probe is None or (probe.done() and not self._still_fresh(probe)):
            probe = self._probe = asyncio.create_task(self.store.check())
            self._probed_at = time.monotonic()
        return await asyncio.shield(probe)

    def _still_fresh(self, probe: asyncio.Task[bool]) -> bool:
        # Only a passed probe is reused: once the disk has failed, each request probes again
        # (concurrent ones still share one), so the recovery shows at once.
        return probe.result() and time.monotonic() - self._probed_at < PROBE_EVERY_S

    async def report(self) -> dict[str, Any]:
        db_ok = await self.database_ok()
        return {
            "status": "ok" if db_ok else "degraded",
            "version": __version__,
            "uptime_s": round(time.monotonic() - self.started, 1),
            "database": "ok" if db_ok else "error",
            "connections": self.hub.count(),
            "unauthenticated": self.doorman.unauthenticated,
            "events": self.owner.seq,
        }
