"""What the clerk looks at, as pictures: the sign-in screen and the serving screen, against a
real server with fixed data and a frozen clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from counter.app import CounterApp
from server.config import CentreConfig
from tests.conftest import Clock
from tests.counter.harness import counter_app, register_clerk
from tests.counter.threaded import server_thread
from tests.server.harness import Running, device
from tests.ui import until

SIZE = (110, 30)


async def nothing(running: Running) -> None:
    await register_clerk(running)


async def loaded(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, CounterApp)
    await until(pilot, lambda: app.model.loaded and app.model.link == "online")
    await pilot.pause()


def test_sign_in_screen(
    snap_compare: Any, config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    with server_thread(config, db_path, clock, nothing) as running:
        app = counter_app(running, lang="lv", clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


def test_serving_screen(
    snap_compare: Any, config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    start = clock.now

    async def busy_morning(running: Running) -> None:
        await register_clerk(running)
        async with device(running, "k1") as kiosk:
            for minutes, service, priority in (
                (0, "social", "senior"),
                (4, "social", None),
                (6, "tax", None),
            ):
                clock.now = start + timedelta(minutes=minutes)
                await kiosk.ok("take_ticket", service=service, priority=priority)
        async with device(running, "c1") as counter:
            clock.now = start + timedelta(minutes=12)
            await counter.ok("sign_in", clerk="anna", pin="4821")
            await counter.ok("call_next")
        clock.now = start + timedelta(minutes=13, seconds=7)

    with server_thread(config, db_path, clock, busy_morning) as running:
        app = counter_app(running, lang="lv", clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=loaded)
