"""The serving screen of a centre where visitors join the queue from home, as a picture:
under its service's line the panel lists one ticket not here yet and one passed over, with
the time its place lapses (against a real server with fixed data and a frozen clock)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from server.config import loads
from tests.conftest import Clock
from tests.counter.harness import counter_app, register_clerk
from tests.counter.test_snapshots import SIZE, loaded
from tests.counter.threaded import server_thread
from tests.server.harness import Running, device
from tests.server.joined import join, remote_toml


def test_serving_screen_with_tickets_from_home(
    snap_compare: Any, db_path: Path, clock: Clock
) -> None:
    start = clock.now

    async def joined_from_home(running: Running) -> None:
        running.use_estimator("naive")
        await register_clerk(running)
        await join(running, "PAS234")
        clock.now = start + timedelta(minutes=3)
        async with device(running, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="social")
        clock.now = start + timedelta(minutes=5)
        await join(running, "WAT234")
        async with device(running, "c1") as counter:
            clock.now = start + timedelta(minutes=8)
            await counter.ok("sign_in", clerk="anna", pin="4821")
            await counter.ok("call_next")
        clock.now = start + timedelta(minutes=9)

    with server_thread(loads(remote_toml()), db_path, clock, joined_from_home) as running:
        app = counter_app(running, lang="lv", clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=loaded)
