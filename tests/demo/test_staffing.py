"""`rinda demo --simulate`: the simulated clerks keep up with the simulated visitors, so no
queue on the display only grows. An hour of the demo centre, exactly as the demo staffs and
paces it, against its real server, played on a virtual clock."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from server.config import load_default
from server.demo.checks import manager_snapshot
from tests.conftest import Clock
from tests.demo.demo_server import demo_server
from tests.demo.virtual_clock import VirtualClock

STRETCH_S = 3600.0
START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 10:00 on a Wednesday in Riga
# Most a service's queue may hold at once: a few people, as a demo's display should show.
SHORT_QUEUE = 8
# The server's request limits refill on the wall clock, and the hour here passes in seconds
# of it: lifted, so that the limits (tested on their own) do not stand in the clerks' way.
_LIMITS = {
    "kiosk_burst": "1000000",
    "kiosk_per_minute": "1e9",
    "request_burst": "1000000",
    "requests_per_second": "1e9",
}


def unlimited(text: str) -> str:
    for key, value in _LIMITS.items():
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
        assert n == 1, key
    return text


async def test_over_an_hour_every_service_queue_stays_short(tmp_path: Path, clock: Clock):
    clock.now = START
    virtual = VirtualClock()
    peak: collections.Counter[str] = collections.Counter()
    most_waiting = 0
    async with demo_server(tmp_path, clock, unlimited) as (centre, _):
        sim = centre.simulator(clock=virtual)  # the demo's staff, at the demo's pace
        pace = sim.pace
        run = asyncio.create_task(sim.run())
        try:
            async with asyncio.timeout(60):
                while virtual.now < STRETCH_S:
                    clock.now = START + timedelta(seconds=await virtual.advance(sim.actors))
                    for service, waiting in sim.waiting.items():
                        peak[service] = max(peak[service], waiting)
                    most_waiting = max(most_waiting, sum(sim.waiting.values()))
        finally:
            run.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await run
        tickets = (await manager_snapshot(centre.url, centre.tokens["manager-1"])).tickets

    services = set(load_default().services)
    taken = collections.Counter(t.service for t in tickets)
    done = collections.Counter(t.service for t in tickets if t.status == "done")
    # About an hour's visitors came (one every 8 s on average), for every service.
    assert 0.8 * STRETCH_S / pace.visitor_every_s < sum(taken.values()), taken
    assert set(taken) == services, taken
    # Nobody was turned away by the queue's cap: the clerks kept it short on their own.
    assert most_waiting < pace.max_waiting, peak
    assert max(peak.values()) <= SHORT_QUEUE, peak
    # And they served each service's visitors as they came: at the end of the hour, only the
    # last few of each are still waiting or at a counter.
    for service in services:
        assert taken[service] - done[service] <= SHORT_QUEUE, (service, taken, done)
