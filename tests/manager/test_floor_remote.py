"""The manager's floor with tickets joined from home, against a real server: the services
table says how many of those waiting are not here yet, before the manager connects and as
visitors join, check in at the kiosk and lapse."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from server.config import loads
from tests.conftest import Clock
from tests.counter.harness import register_clerk
from tests.manager.harness import loaded, manager_app
from tests.manager.test_floor_live import row
from tests.server.harness import Running, device, start_server
from tests.server.joined import join, remote_toml
from tests.ui import screen_text, until


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(remote_toml()), db_path, clock) as running:
        await register_clerk(running)
        yield running


async def test_the_floor_counts_who_is_not_here_yet(server: Running, clock: Clock) -> None:
    await join(server, "AAA234")
    async with device(server, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    app = manager_app(server, clock)

    def social() -> str:
        """The services table's row (an alert's line names the service too)."""
        return row(screen_text(app), "│ Social services ")

    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "2 (1 not here yet)" in social(), what="the welcome's count")
        await join(server, "BBB234")
        await until(pilot, lambda: "3 (2 not here yet)" in social(), what="a second joined")
        async with device(server, "k2") as kiosk:
            await kiosk.ok("check_in", code="AAA234")
        await until(pilot, lambda: "3 (1 not here yet)" in social(), what="one checked in")

        # The walk-in and then the one checked in are called; the third is passed over: it
        # still waits for its check-in, counted among the waiting and the not here alike.
        async with device(server, "c2") as counter:
            await counter.ok("sign_in", clerk="anna", pin="4821")
            for _ in range(3):
                await counter.ok("call_next")
                number = server.server.owner.centre.state.counters["2"].ticket
                if number is not None:
                    await counter.ok("finish", ticket=number)
        await until(pilot, lambda: "1 (1 not here yet)" in social(), what="the pass")
        # It lapses: nobody is left waiting.
        clock.now += timedelta(minutes=16)
        await server.server.chores.every_tick()
        await until(pilot, lambda: waiting(social()) == "0", what="the lapse")
        assert "not here" not in social()


def waiting(line: str) -> str:
    """The waiting column of a services table row."""
    return line.partition("Social services")[2].split()[0]
