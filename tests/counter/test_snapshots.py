"""What the clerk looks at, as pictures: the sign-in screen, the serving screen and the
bookings view (today's list, and the slot finder), against a real server with fixed data and
a frozen clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from counter.app import CounterApp
from server.config import CentreConfig
from tests.conftest import Clock
from tests.counter.booking_kit import FIRST_SLOT, booked, booking_config, open_bookings
from tests.counter.harness import counter_app, register_clerk
from tests.counter.threaded import server_thread
from tests.server.harness import Running, device
from tests.ui import screen_text, until

SIZE = (110, 30)


async def nothing(running: Running) -> None:
    running.use_estimator("naive")  # the panel's wait stays put when the default changes
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
        running.use_estimator("naive")
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


async def bookings_today(running: Running) -> None:
    """Three bookings of today, the first checked in at the kiosk."""
    clock = running.server.owner.clock
    await register_clerk(running)
    await booked(running, "K7M4QP", FIRST_SLOT, "Anna Bērziņa", "+371 20000000")
    await booked(running, "W3XR9T", FIRST_SLOT + timedelta(minutes=40), "Jānis Kalniņš")
    await booked(running, "P5NQ8D", FIRST_SLOT + timedelta(hours=2))
    async with device(running, "k1") as kiosk:
        assert clock() < FIRST_SLOT
        await kiosk.ok("check_in", code="K7M4QP")


async def bookings_open(pilot: Pilot[Any]) -> None:
    await loaded(pilot)
    await open_bookings(pilot)
    await until(pilot, lambda: "P5NQ8D" in screen_text(pilot.app))


def test_bookings_list(snap_compare: Any, db_path: Path, clock: Clock) -> None:
    with server_thread(booking_config(), db_path, clock, bookings_today) as running:
        app = counter_app(running, lang="lv", clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=bookings_open)


def test_bookings_slot_finder(snap_compare: Any, db_path: Path, clock: Clock) -> None:
    async def finding(pilot: Pilot[Any]) -> None:
        await bookings_open(pilot)
        app = pilot.app
        assert isinstance(app, CounterApp)
        await pilot.press("f2")
        await until(pilot, lambda: app.model.appointments.found == "tax")

    with server_thread(booking_config(), db_path, clock, bookings_today) as running:
        app = counter_app(running, lang="lv", clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=finding)


def test_pause_asks_how_long(
    snap_compare: Any, config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    """F9, a reason, then the lengths, "not sure" under the cursor."""

    async def signed_in(running: Running) -> None:
        await nothing(running)
        async with device(running, "c1") as counter:
            await counter.ok("sign_in", clerk="anna", pin="4821")

    async def how_long(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("f9", "enter")  # break
        await until(pilot, lambda: "Cik ilgi?" in screen_text(pilot.app))

    with server_thread(config, db_path, clock, signed_in) as running:
        app = counter_app(running, lang="lv", clock=clock)
        assert snap_compare(app, terminal_size=SIZE, run_before=how_long)
