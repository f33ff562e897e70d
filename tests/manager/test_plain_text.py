"""Text from the wire is shown as it was sent, never read as markup: a clerk's pause reason,
a kiosk's printer detail, a manager's notice and stop reason, each holding square brackets
that Textual markup would swallow."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.config import loads
from server.store.clerks import add_clerk
from tests.conftest import Clock, centre_toml
from tests.manager.harness import loaded, manager_app
from tests.server.harness import Running, device, start_server
from tests.ui import showing


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(centre_toml()), db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True
        yield running


async def test_wire_text_is_plain(server: Running, clock: Clock) -> None:
    async with device(server, "c1") as counter, device(server, "k1") as kiosk:
        await counter.ok("sign_in", clerk="anna", pin="4821")
        await counter.ok("pause", reason="[b]pusdienas[/b]")
        await kiosk.ok("printer_status", status="error", detail="[red]jam[/red]")
        async with device(server, "m1") as other_manager:
            await other_manager.ok("set_notice", text="[i]Kase[/i] līdz 15:00")
            await other_manager.ok("stop_issuing", service="tax", reason="[link=x]slēgts[/link]")
        app = manager_app(server, clock)
        async with app.run_test(size=(150, 40)) as pilot:
            await loaded(pilot)
            await showing(pilot, "paused: [b]pusdienas[/b]")
            await showing(pilot, "error ([red]jam[/red])")
            await showing(pilot, "Notice on the displays: [i]Kase[/i] līdz 15:00")
            await showing(pilot, "stopped by a manager: [link=x]slēgts[/link]")
