"""The simulator's clock: how its actors let simulated time pass.

The simulated visitors and clerks never sleep on their own; they ask a `SimClock`. The demo
runs them on `PacedClock`, real time divided by `Pace.speed`; a test may hand them a clock of
its own that moves only when the test moves it, to play an hour of the centre in seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Protocol

MIN_REST_S = 0.5
"""No fallback wait is shorter than this in real time, whatever the speed: a fallback that
comes round again (nobody waiting, a counter that keeps being refused) must never become a
busy loop against the server."""


class SimClock(Protocol):
    async def nap(self, seconds: float) -> None:
        """Pacing: `seconds` of simulated time pass (a walk, a visit, a break)."""

    async def rest(self, seconds: float) -> None:
        """A fallback pause of about `seconds` simulated seconds."""

    async def until(self, event: asyncio.Event, seconds: float) -> None:
        """Until `event` is set, or a fallback of about `seconds` simulated seconds."""


@dataclass(frozen=True)
class PacedClock:
    """Simulated time on the wall clock: `speed` simulated seconds to the real one."""

    speed: float = 1.0

    async def nap(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self.speed)

    async def rest(self, seconds: float) -> None:
        await asyncio.sleep(self._fallback(seconds))

    async def until(self, event: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._fallback(seconds)):
                await event.wait()

    def _fallback(self, seconds: float) -> float:
        return max(seconds / self.speed, MIN_REST_S)
