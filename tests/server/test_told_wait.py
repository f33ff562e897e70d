"""The wait Rinda tells comes from the owner's one estimate: the ticket says what the kiosk
showed, the figure is stored with the ticket, an appointment is never told less than the time
to its booked slot, and the estimate moves with time even when nobody acts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from server.core import events as ev
from tests.conftest import Clock, bookable_toml
from tests.server.harness import Peer, Running, device, start_server


@pytest.fixture
def config() -> CentreConfig:
    return loads(bookable_toml())


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(config, db_path, clock) as r:
        yield r


async def told_in_log(running: Running) -> dict[str, int | None]:
    _, _, events = await running.server.store.load()
    return {e.ticket: e.told_wait_s for e in events if isinstance(e, ev.TicketTaken)}


async def social_wait(peer: Peer, waiting: int) -> int:
    """The `social` figure of the first `queue` frame with `waiting` people waiting."""
    while True:
        q = (await peer.event("queue"))["services"]["social"]
        if q["waiting"] == waiting:
            wait: int = q["estimated_wait_s"]
            return wait


async def test_the_ticket_tells_and_stores_what_the_kiosk_showed(running: Running) -> None:
    running.use_estimator("naive")
    async with device(running, "k1") as kiosk:
        for n in range(1, 4):
            await kiosk.ok("take_ticket", service="social")
            shown = await social_wait(kiosk, n)
        ticket = (await kiosk.ok("take_ticket", service="social"))["ticket"]
    # Three waiting, 10 minutes each, two counters serve "social".
    assert ticket["estimated_wait_s"] == shown == 900
    assert (await told_in_log(running))[ticket["number"]] == shown


async def test_an_early_appointment_is_told_at_least_the_time_to_its_slot(
    running: Running, clock: Clock
) -> None:
    async with device(running, "m1") as desk, device(running, "k1") as kiosk:
        slot = (await desk.ok("free_slots", service="social"))["slots"][0]["start"]
        code = (await desk.ok("book", service="social", start=slot))["booking"]["code"]
        start = datetime.fromisoformat(slot)
        clock.now = start - timedelta(minutes=17)
        mine = (await kiosk.ok("check_in", code=code))["ticket"]
    # Nobody else waits: the slot is what keeps the visitor waiting.
    assert mine["estimated_wait_s"] == 17 * 60
    assert (await told_in_log(running))[mine["number"]] == 17 * 60


async def test_the_estimate_moves_with_time_without_any_event(
    running: Running, clock: Clock
) -> None:
    running.use_estimator("naive")
    async with device(running, "m1") as desk, device(running, "k1") as kiosk:
        slot = (await desk.ok("free_slots", service="social"))["slots"][0]["start"]
        code = (await desk.ok("book", service="social", start=slot))["booking"]["code"]
        clock.now = datetime.fromisoformat(slot) - timedelta(minutes=10)
        await kiosk.ok("check_in", code=code)
        await kiosk.ok("take_ticket", service="social")
        # The appointment is booked for later: a newcomer is not behind it yet.
        before = await social_wait(kiosk, 2)
        # Its slot comes; nothing else happens but the server's periodic tick.
        clock.now += timedelta(minutes=11)
        await running.server.chores.every_tick()
        after = await social_wait(kiosk, 2)
    assert after > before
