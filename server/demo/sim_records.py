"""What the simulation did, as its devices were told by the server: the tickets it was
given, called and finished, and the refusals it met. Tests and the drill read these."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable, Collection
from typing import Self


class Records:
    """The simulation's record; every change wakes `wait_for()` callers."""

    def __init__(self) -> None:
        self.acknowledged: list[str] = []
        """Ticket numbers the server acknowledged (ok replies), in order."""
        self.called_tickets: list[str] = []
        """Tickets called by `call_next` at the simulated counters, in order (recalls not)."""
        self.served_tickets: list[str] = []
        """Tickets finished at the simulated counters, in order."""
        self.transferred: list[str] = []
        """Tickets transferred to another service by the simulated counters, in order."""
        self.recalled = 0
        self.refusals: collections.Counter[str] = collections.Counter()
        """Error codes the server answered, by code (for logs and tests)."""
        self.status_paths: dict[str, str] = {}
        """Ticket number -> the path of its status link (it holds the ticket's secret: kept
        for `Simulator.missing_on_server`, never logged)."""
        self._changed = asyncio.Event()

    @property
    def called(self) -> int:
        """How many visitors the simulated counters called (recalls not counted)."""
        return len(self.called_tickets)

    @property
    def served(self) -> int:
        """How many visits the simulated counters finished."""
        return len(self.served_tickets)

    def note(self) -> None:
        """Wake `wait_for()` callers: the records changed."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(
        self, predicate: Callable[[Self], bool], timeout: float | None = None
    ) -> None:
        """Return once `predicate(self)` holds (checked after every change to the records)."""
        async with asyncio.timeout(timeout):
            while not predicate(self):
                await self._changed.wait()

    def missing(self, known: Collection[str]) -> list[str]:
        """The acknowledged tickets that are not in `known` (e.g. `checks.server_tickets()`).

        While the simulator runs, tickets acknowledged after `known` was fetched are of course
        not in it: stop the simulator first, or compare a copy of `acknowledged` taken before.
        """
        return [n for n in self.acknowledged if n not in known]
