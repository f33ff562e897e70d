"""Today's bookings as they change elsewhere, with the bookings view open: a booking made by
another device appears (with its name), then is checked in at a kiosk (waiting, with its
ticket), called at another counter and served. And on the desk, a visitor with an appointment
is called with the mark and the booked time; a walk-in without."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.config import CentreConfig
from server.store.clerks import add_clerk
from tests.conftest import Clock
from tests.counter.booking_kit import FIRST_SLOT, booked, booking_config, open_bookings
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device
from tests.ui import painted, screen_text, showing, until

SIZE = (120, 32)


@pytest.fixture
def config() -> CentreConfig:
    return booking_config()


def row_of(lines: list[str], code: str) -> str:
    return next((line for line in lines if code in line), "")


async def test_the_list_follows_a_booking_from_elsewhere_to_its_check_in_and_call(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    await add_clerk(running.server.store, "olga", "Olga Petrova", "1111")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_bookings(pilot)
        await showing(pilot, "Bookings on 25.11.2026: 0")

        def state_of_row() -> str:
            return row_of(painted(app), "K7M4QP")

        await booked(running, "K7M4QP", FIRST_SLOT, "Anna Bērziņa")
        await until(pilot, lambda: "Anna Bērziņa" in state_of_row(), what="the new booking")
        assert "booked" in state_of_row() and "11:20" in state_of_row()

        clock.now = FIRST_SLOT - timedelta(minutes=5)
        async with device(running, "k1") as kiosk:
            reply = await kiosk.ok("check_in", code="k7m-4qp")
        number = reply["ticket"]["number"]
        await until(pilot, lambda: "waiting" in state_of_row(), what="checked in")
        assert number in state_of_row()

        clock.now = FIRST_SLOT
        async with device(running, "c3") as desk:
            await desk.ok("sign_in", clerk="olga", pin="1111")
            called = await desk.ok("call_next")
            assert called["ticket"]["number"] == number
            await until(pilot, lambda: "called" in state_of_row(), what="called")
            await desk.ok("finish", ticket=number)
        await until(pilot, lambda: "served" in state_of_row(), what="served")
        assert app.model.appointments.rows[0].state == "served"


async def test_a_visitor_with_an_appointment_is_called_with_the_mark_and_booked_time(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    await booked(running, "K7M4QP", FIRST_SLOT)
    async with device(running, "k1") as kiosk:
        clock.now = FIRST_SLOT - timedelta(minutes=2)
        await kiosk.ok("check_in", code="K7M4QP")
        clock.now = FIRST_SLOT + timedelta(minutes=1)
        await kiosk.ok("take_ticket", service="social")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: app.model.signed_in)
        await pilot.press("f2")
        lines = await showing(pilot, "B001 called.")
        assert any("Appointment 11:20" in line for line in lines), lines
        await pilot.press("f5")
        await until(pilot, lambda: app.model.current is None)
        # The walk-in after it: no mark.
        await pilot.press("f2")
        await showing(pilot, "A001 called.")
        assert "Appointment" not in screen_text(app)


async def test_a_time_booked_elsewhere_leaves_the_free_times_being_looked_at(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_bookings(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: app.model.appointments.found == "tax")
        await showing(pilot, "today 25.11. (38)")
        assert "11:20" in screen_text(app)
        await booked(running, "K7M4QP", FIRST_SLOT)
        await showing(pilot, "today 25.11. (37)")
        assert "11:20" not in screen_text(app)
