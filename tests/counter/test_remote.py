"""Tickets joined from home on the counter's screen, against a real server: listed "not here
yet" under their service, passed over by F2 while not here (then shown with the time their
place lapses), called by F2 once checked in at a kiosk, and gone from the panel when they
lapse. The join is the core's JoinQueue through the owner (tests/server/joined.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from counter.app import CounterApp
from counter.widgets.queue_panel import QueuePanel
from server.config import loads
from tests.conftest import Clock
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device, start_server
from tests.server.joined import join, remote_toml
from tests.ui import screen_text, showing, until


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(remote_toml()), db_path, clock) as running:
        await register_clerk(running)
        yield running


def serving(app: CounterApp) -> bool:
    return app.model.current is not None and app.model.current.status == "serving"


def panel(app: CounterApp) -> str:
    """The queue panel's text as drawn."""
    return str(app.screen.query_one(QueuePanel).render())


async def test_a_ticket_from_home_is_passed_over_until_it_checks_in_then_called(
    server: Running, clock: Clock
) -> None:
    remote = await join(server, "RMT234")
    async with device(server, "k1") as kiosk:
        walk_in = (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
    app = counter_app(server, clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await showing(pilot, f"{remote} not here yet")
        assert "Social services: 2 waiting" in panel(app)

        # 11:05 in Riga: its turn, but it is not here; the walk-in behind it is called.
        clock.now += timedelta(minutes=5)
        await pilot.press("f2")
        await until(pilot, lambda: app.model.current is not None)
        assert app.model.current is not None and app.model.current.number == walk_in
        await showing(pilot, f"{remote} passed · lapses 11:20")
        await showing(pilot, f"{remote} passed over: not here yet. {walk_in} called.")
        # Passed over, it still waits (for its check-in): counted, and listed under the count.
        await until(pilot, lambda: "Social services: 1 waiting" in panel(app), what="the count")
        assert "not here yet" not in panel(app)
        await pilot.press("f5")
        await until(pilot, lambda: app.model.current is None and app.model.served_today == 1)
        # Nobody here: F2 calls nobody, and does not pass the set-aside ticket again.
        await pilot.press("f2")
        await showing(pilot, "Nobody here is waiting.")
        assert "passed over" not in screen_text(app)
        assert f"{remote} passed · lapses 11:20" in panel(app)

        # The visitor checks in at the kiosk: off the panel, and the next call is theirs.
        clock.now += timedelta(minutes=4)
        async with device(server, "k2") as kiosk:
            reply = await kiosk.ok("check_in", code="RMT234")
        assert reply["ticket"]["number"] == remote and reply["ticket"]["remote"] is True
        await until(pilot, lambda: remote not in panel(app), what="the panel to drop it")
        await pilot.press("f2")
        await until(pilot, lambda: app.model.current is not None)
        assert app.model.current is not None and app.model.current.number == remote
        await showing(pilot, f"{remote} called.")
        await showing(pilot, "Joined online at 11:00")


async def test_a_ticket_that_never_comes_lapses_off_the_panel(
    server: Running, clock: Clock
) -> None:
    remote = await join(server, "RMT234")
    app = counter_app(server, lang="lv", clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await showing(pilot, f"{remote} vēl nav ieradies")
        await pilot.press("f2")
        # The clerk is told, not left with an empty desk and no word why.
        await showing(pilot, f"{remote} izlaists: vēl nav ieradies. Šeit neviens negaida.")
        await showing(pilot, f"{remote} izlaists · līdz 11:15")

        # The server's tick lapses it once its 15 minutes of grace are over, not before.
        clock.now += timedelta(minutes=15)
        await server.server.chores.every_tick()
        assert server.server.owner.centre.state.tickets[remote].status == "waiting"
        clock.now += timedelta(seconds=1)
        await server.server.chores.every_tick()
        await until(pilot, lambda: remote not in panel(app), what="the panel to drop it")
        assert server.server.owner.centre.state.tickets[remote].status == "no_show"

    async with device(server, "k1") as kiosk:
        refused = await kiosk.request("check_in", code="RMT234")
    assert refused["type"] == "error" and refused["code"] == "place_lapsed", refused


async def test_a_counter_that_connects_later_sees_who_is_not_here_and_who_was_passed(
    server: Running, clock: Clock
) -> None:
    passed = await join(server, "PAS234")
    waiting = await join(server, "WAT234", service="tax")
    async with device(server, "c2") as other:
        await other.ok("sign_in", clerk="anna", pin="4821")
        assert (await other.request("call_next"))["ticket"] is None
        await other.ok("sign_out")
    app = counter_app(server, clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await showing(pilot, "not here yet")
        text = panel(app)
        assert f"{passed} passed · lapses 11:15" in text
        assert f"{waiting} not here yet" in text


async def test_one_call_passing_several_tickets_names_them_all(
    server: Running, clock: Clock
) -> None:
    first = await join(server, "ONE234")
    second = await join(server, "TWO234")
    async with device(server, "k1") as kiosk:
        walk_in = (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
    app = counter_app(server, clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await showing(pilot, f"{second} not here yet")
        assert "Social services: 3 waiting" in panel(app)
        await pilot.press("f2")
        await showing(pilot, f"{first}, {second} passed over: not here yet. {walk_in} called.")
        await until(pilot, lambda: "Social services: 2 waiting" in panel(app), what="the count")
        await pilot.press("f5")
        await until(pilot, lambda: app.model.current is None and app.model.served_today == 1)
        await pilot.press("f2")
        await showing(pilot, "Nobody here is waiting.")


async def test_a_number_called_before_its_visitor_checked_in_says_not_here_yet(
    server: Running, clock: Clock
) -> None:
    remote = await join(server, "RMT234")
    app = counter_app(server, clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await showing(pilot, f"{remote} not here yet")
        await pilot.press("f8")
        await pilot.press(*remote.lower(), "enter")
        await showing(pilot, f"{remote} called.")
        await showing(pilot, "Joined online at 11:00 · not here yet")
        # Serving begins: the visitor is evidently here.
        await pilot.press("f4")
        await until(pilot, lambda: serving(app), what="serving to begin")
        await until(pilot, lambda: "not here yet" not in screen_text(app), what="the mark to go")
        assert "Joined online at 11:00" in screen_text(app)
