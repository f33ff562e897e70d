"""Stopping the counter app while the server keeps pushing frames: queue changes, this counter
opened and closed from a second terminal, visitors called and finished. Whatever arrives while
the app takes its screen down, it stops without an exception."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.counter.harness import counter_app, register_clerk
from tests.server.harness import Peer, Running, device, start_server
from tests.ui import until

BUSY = "kiosk_burst = 100000\nkiosk_per_minute = 1000000.0\n"
BUSY += "request_burst = 100000\nrequests_per_second = 1000000.0\n"
ROUNDS = 5


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(centre_toml(limits=BUSY)), db_path, clock) as running:
        await register_clerk(running)
        yield running


async def push(kiosk: Peer, desk: Peer) -> None:
    """Frames about counter 1, as fast as the server sends them, until cancelled: a visitor
    arrives, the counter opens from a second terminal, calls, finishes and closes again."""
    while True:
        await kiosk.request("take_ticket", service="social")
        await desk.request("sign_in", clerk="anna", pin="4821")
        called = (await desk.request("call_next")).get("ticket")
        if called:
            await desk.request("finish", ticket=called["number"])
        await desk.request("sign_out")
        kiosk.events.clear()  # seen by the app under test: these peers have no use for them
        desk.events.clear()


async def test_stopping_while_frames_arrive_raises_nothing(server: Running, clock: Clock) -> None:
    async with device(server, "k1") as kiosk, device(server, "c1") as desk:
        pusher = asyncio.create_task(push(kiosk, desk))
        try:
            for _ in range(ROUNDS):
                app = counter_app(server, clock=clock)
                # Leaving the block stops the app; run_test raises what the app raised.
                async with app.run_test(size=(120, 32)) as pilot:
                    await until(pilot, lambda app=app: app.model.loaded, what="the welcome")
                    await pilot.pause()
        finally:
            pusher.cancel()
