"""Stopping the kiosk at any moment raises nothing: not while the server is pushing queue
events, not right after a tap on "take a ticket" (the answer, the printing and the queue
event then arrive while the app is taking its pages down). `run_test` re-raises whatever
the app met on the way out, so each stop below would fail the test if anything had."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.kiosk.helpers import FakePrinter, make_kiosk, open_services
from tests.server.harness import Running, device, start_server
from tests.ui import showing

# Enough taps that the other kiosk is never slowed down, nor this one across the rounds.
BUSY = "kiosk_burst = 1000\nkiosk_per_minute = 100000"
ROUNDS = 4


@asynccontextmanager
async def busy_centre(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    """A centre where another kiosk takes a ticket every 50 ms, so queue events
    keep coming (as often as the server sends them) all the while."""
    config = loads(centre_toml(limits=BUSY))
    async with start_server(config, db_path, clock) as running, device(running, "k2") as other:

        async def take_forever() -> None:
            while True:
                await other.ok("take_ticket", service="tax")
                await asyncio.sleep(0.05)

        flood = asyncio.create_task(take_forever())
        try:
            yield running
        finally:
            flood.cancel()


async def test_stopping_while_queue_events_arrive_raises_nothing(
    db_path: Path, clock: Clock
) -> None:
    async with busy_centre(db_path, clock) as running:
        for lang in ("lv", "ru", "en"):
            app = make_kiosk(running)
            async with app.run_test(size=(80, 24)) as pilot:
                await open_services(pilot, lang)
                await pilot.pause()
            # Left with queue events on their way to the services page.


async def test_stopping_right_after_a_take_raises_nothing(db_path: Path, clock: Clock) -> None:
    async with FakePrinter() as printer, busy_centre(db_path, clock) as running:
        for _ in range(ROUNDS):
            app = make_kiosk(running, printer.target)
            async with app.run_test(size=(80, 24)) as pilot:
                await open_services(pilot)
                await pilot.click("#svc-social")
                await showing(pilot, "Vai jums ir prioritāte?")
                await pilot.click("#prio-none")
            # Left before the answer: it, the printing and the queue event come while the
            # app stops.
        # One visit, one request id: at most one ticket per round, whatever the app was doing.
        socials = [n for n in running.server.owner.centre.state.tickets if n.startswith("A")]
        assert len(socials) <= ROUNDS
