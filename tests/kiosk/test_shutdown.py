"""Stopping the kiosk at any moment raises nothing: not while the server is pushing queue
events, not right after a tap on "take a ticket" (the answer, the printing and the queue
event then arrive while the app is taking its pages down), not with the link's news still
coming while it stops. `run_test` re-raises whatever the app met on the way out, so
each stop below would fail the test if anything had."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from kiosk.app import KioskApp
from server.config import loads
from server.protocol.events import Queue
from server.protocol.link import Link
from server.protocol.views import QueueState
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


def queue_event(waiting: int) -> Link.Event:
    """The message the link posts for a `queue` frame."""
    state = QueueState(
        waiting=waiting,
        estimated_wait_s=60 * waiting,
        waiting_since=None,
        issuing=waiting % 2 == 0,
        reason="" if waiting % 2 == 0 else "closed",
        opens_at=None,
    )
    return Link.Event(Queue(services={"social": state, "tax": state}))


async def keep_posting(app: KioskApp) -> None:
    """What the link posts to the app, as fast as the app can take it: queue events, and now
    and then a drop, a reconnection and a refusal."""
    n = 0
    while True:
        app.post_message(queue_event(n))
        if n % 7 == 0:
            app.post_message(Link.State("offline"))
            app.post_message(Link.State("online"))
        if n % 50 == 0:
            app.post_message(Link.Refused("unauthorized", "a test"))
        n += 1
        await asyncio.sleep(0)


async def test_stopping_while_the_link_keeps_posting_raises_nothing(running: Running) -> None:
    """The link's messages keep coming while the app takes its pages down, on each page. A
    real server sends a kiosk at most four queue events a second, so this is the moment the
    tests above can only hope to hit."""
    for page in ("start", "services", "priority", "ticket"):
        app = make_kiosk(running)
        poster: asyncio.Task[None] | None = None
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                if page == "start":
                    await showing(pilot, "Testa centrs")
                else:
                    await open_services(pilot)
                if page in ("priority", "ticket"):
                    await pilot.click("#svc-social")
                    await showing(pilot, "Vai jums ir prioritāte?")
                if page == "ticket":
                    await pilot.click("#prio-none")
                    await showing(pilot, "Jūsu numurs")
                poster = asyncio.create_task(keep_posting(app))
                await asyncio.sleep(0.05)
        finally:
            if poster is not None:
                poster.cancel()
