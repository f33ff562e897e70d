"""Thirty counters press "call next" at the same time, over and over, on one queue: every
ticket is called exactly once, and nobody is called to two counters."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import Peer, device, start_server

COUNTERS = 30
TICKETS = 150


def thirty_counters() -> str:
    extra = []
    for i in range(1, COUNTERS + 1):
        extra += [
            "[[counters]]",
            f'id = "x{i}"',
            f'name = "x{i}"',
            'services = ["social"]',
            "[[devices]]",
            f'id = "cx{i}"',
            'role = "counter"',
            f'counter = "x{i}"',
        ]
    return centre_toml(limits=f"kiosk_burst = {TICKETS}") + "\n".join(extra) + "\n"


async def work(counter: Peer, start: asyncio.Event) -> list[str]:
    """Call and finish until nobody waits; the numbers this counter was given."""
    await start.wait()
    mine: list[str] = []
    while True:
        ticket = (await counter.ok("call_next"))["ticket"]
        if ticket is None:
            return mine
        mine.append(ticket["number"])
        await counter.ok("finish", ticket=ticket["number"])


async def test_thirty_counters_racing_call_next_each_ticket_is_called_once(
    db_path: Path, clock: Clock
) -> None:
    async with start_server(loads(thirty_counters()), db_path, clock) as running:
        async with device(running, "k1") as kiosk:
            issued = [
                (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
                for _ in range(TICKETS)
            ]
        async with AsyncExitStack() as stack:
            peers = [
                await stack.enter_async_context(device(running, f"cx{i}"))
                for i in range(1, COUNTERS + 1)
            ]
            start = asyncio.Event()
            tasks = [asyncio.create_task(work(p, start)) for p in peers]
            start.set()
            async with asyncio.timeout(30):
                results = await asyncio.gather(*tasks)
        called = [n for numbers in results for n in numbers]
        assert sorted(called) == sorted(issued)
        assert len(set(called)) == len(called) == TICKETS
        assert sum(1 for r in results if r) > 1, "the race never happened"
        state = running.server.owner.centre.state
        assert all(t.calls == 1 and t.status == "done" for t in state.tickets.values())
