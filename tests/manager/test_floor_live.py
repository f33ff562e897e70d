"""The floor against a real server: it shows what is happening and follows every event (a
counter signing in and calling, a pause with its reason, a kiosk's printer running out of
paper) without the manager touching a key."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from manager.app import ManagerApp
from server.config import loads
from server.store.clerks import add_clerk
from tests.conftest import Clock, centre_toml
from tests.manager.harness import loaded, manager_app
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing, until

TARGET = 'name = { lv = "Nodokļi"'


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    # Taxes has a 10-minute target wait.
    toml = centre_toml().replace(TARGET, f"target_wait_min = 10\n{TARGET}")
    async with start_server(loads(toml), db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True
        yield running


def row(text: str, starts: str) -> str:
    """The screen's line holding `starts` (fails with the screen if none)."""
    for line in text.splitlines():
        if starts in line:
            return line
    raise AssertionError(f"no line with {starts!r} on the screen:\n{text}")


def taxes_waiting(text: str) -> str:
    """The services table's "Waiting" cell of Taxes."""
    return row(text, "Taxes").partition("Taxes")[2].split()[0]


async def test_the_floor_follows_a_counter_calling(server: Running, clock: Clock) -> None:
    async with device(server, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="tax")
        await kiosk.ok("take_ticket", service="tax")
    app = manager_app(server, clock)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await showing(pilot, "Taxes")
        assert taxes_waiting(screen_text(app)) == "2"
        assert "closed" in row(screen_text(app), "│ 3 ")

        async with device(server, "c3") as counter:
            await counter.ok("sign_in", clerk="anna", pin="4821")
            clock.now += timedelta(seconds=30)
            await counter.ok("call_next")
            # The floor shows the call at counter 3, the clerk, and the ticket's time there...
            await showing(pilot, "B001")
            line = row(screen_text(app), "B001")
            assert "called" in line and "anna" in line and "0:00" in line
            # ...and the queue one shorter, its longest wait now B002's.
            await until(pilot, lambda: taxes_waiting(screen_text(app)) == "1")
            assert "30 s" in row(screen_text(app), "Taxes")

            clock.now += timedelta(minutes=2)
            await counter.ok("start", ticket="B001")
            await until(pilot, lambda: "serving" in row(screen_text(app), "│ 3 "))
            # The widget's own clock ticks the time at the counter on.
            clock.now += timedelta(seconds=5)
            await until(pilot, lambda: "0:05" in row(screen_text(app), "│ 3 "))
            await counter.ok("finish", ticket="B001")
            await counter.ok("pause", reason="lunch")
            await showing(pilot, "paused: lunch")
            # Served: the last cell of counter 3's row.
            assert row(screen_text(app), "paused: lunch").split("│")[1].split()[-1] == "1"
            assert "Nothing needs attention." in screen_text(app)


async def test_alerts_say_what_needs_the_manager(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock, pause_limit_min=5)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        async with device(server, "k1") as kiosk, device(server, "c3") as counter:
            await kiosk.ok("take_ticket", service="tax")
            await counter.ok("sign_in", clerk="anna", pin="4821")
            await counter.ok("pause", reason="lunch")
            await kiosk.ok("printer_status", status="paper_out", detail="roll empty")
            await showing(pilot, "Kiosk k1: printer out of paper")
            assert "out of paper (roll empty)" in row(screen_text(app), "│ k1 ")
            # Nothing arrives from the server: the clock alone makes the wait too long and the
            # pause too long (5 minutes allowed here), and the list says so.
            clock.now += timedelta(minutes=11)
            await showing(pilot, "Taxes: waiting 11 min, over the 10 min target")
            await showing(pilot, "Counter 3 paused 11 min (lunch)")
            await counter.ok("resume")
            await until(pilot, lambda: "Counter 3 paused" not in screen_text(app))


async def test_a_wrong_token_is_said_and_not_retried(server: Running, clock: Clock) -> None:
    app = ManagerApp(server.url, "wrong", lang="en", clock=clock, export_to=Path("unused.xlsx"))
    async with app.run_test(size=(150, 40)) as pilot:
        await showing(pilot, "The server refused this manager")
        assert app.refusal.startswith("The server refused this manager")
        assert not app.floor.loaded


async def test_a_pause_found_on_connecting_counts_from_its_start(
    server: Running, clock: Clock
) -> None:
    """The welcome says when a pause began: a manager connecting 1:24 into it sees 1:24 (not
    "≥ 0:00"), and the pause alert fires on time, not a whole limit after connecting."""
    async with device(server, "c3") as counter:
        await counter.ok("sign_in", clerk="anna", pin="4821")
        await counter.ok("pause", reason="lunch")
        clock.now += timedelta(seconds=84)
        app = manager_app(server, clock, pause_limit_min=2)
        async with app.run_test(size=(150, 40)) as pilot:
            await loaded(pilot)
            await showing(pilot, "paused: lunch")
            line = row(screen_text(app), "paused: lunch")
            assert "1:24" in line and "≥" not in line
            clock.now += timedelta(seconds=40)  # 2:04 paused, over the 2 minutes allowed
            await showing(pilot, "Counter 3 paused 2 min (lunch)")


async def test_a_pause_reason_code_is_shown_in_the_managers_language(
    server: Running, clock: Clock
) -> None:
    """The counter app's reasons are codes ("break"): shown translated; other text as it is."""
    app = manager_app(server, clock, lang="lv", pause_limit_min=1)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        async with device(server, "c3") as counter:
            await counter.ok("sign_in", clerk="anna", pin="4821")
            await counter.ok("pause", reason="break")
            await showing(pilot, "pauze: pārtraukums")
            clock.now += timedelta(minutes=2)
            await showing(pilot, "(pārtraukums)")
            assert "break" not in screen_text(app)
