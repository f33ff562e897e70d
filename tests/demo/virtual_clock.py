"""A simulator clock that moves only when the test moves it: an hour of the demo centre
played in seconds, with no real sleeps and no dependence on how busy the machine is."""

from __future__ import annotations

import asyncio
import heapq
import itertools


class VirtualClock:
    """Simulated seconds since the start. `advance()` waits until every actor of the
    simulation waits on this clock, then jumps to the earliest moment one of them wakes."""

    def __init__(self) -> None:
        self.now = 0.0
        self._wakes: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()  # equal times wake in the order they were asked
        self._parked = asyncio.Event()  # set whenever an actor starts waiting

    async def nap(self, seconds: float) -> None:
        await self._wake_at(self.now + seconds)

    async def rest(self, seconds: float) -> None:
        await self._wake_at(self.now + seconds)

    async def until(self, event: asyncio.Event, seconds: float) -> None:
        if event.is_set():
            return
        woken = asyncio.ensure_future(event.wait())
        timer = asyncio.ensure_future(self._wake_at(self.now + seconds))
        try:
            await asyncio.wait({woken, timer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()
            timer.cancel()

    def waiting(self) -> int:
        """Actors waiting on this clock now."""
        return sum(not wake.done() for _, _, wake in self._wakes)

    async def advance(self, actors: int) -> float:
        """Once `actors` wait on the clock, wake those due first; the new time."""
        while self.waiting() < actors:
            self._parked.clear()
            await self._parked.wait()
        while self._wakes[0][2].done():  # woken by an event, or cancelled
            heapq.heappop(self._wakes)
        self.now = self._wakes[0][0]
        while self._wakes and self._wakes[0][0] <= self.now:
            _, _, wake = heapq.heappop(self._wakes)
            if not wake.done():
                wake.set_result(None)
        return self.now

    async def _wake_at(self, when: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._wakes, (when, next(self._order), wake))
        self._parked.set()
        await wake
