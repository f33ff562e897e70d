"""The appointment mark on the waiting-room display, against a real server: a visitor who
booked, checked in at the kiosk and is called shows with the word for an appointment under
the big number, and with ★ among the earlier calls (explained below them)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from display.app import DisplayApp
from display.font import covers, render
from display.widgets.call_banner import CallBanner
from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.display.helpers import FROZEN, banner, history
from tests.server.harness import Running, device, start_server
from tests.ui import showing, until

TAXES = 'name = { lv = "Nodokļi", ru = "Налоги", en = "Taxes" }'
# Taxes take bookings: 15-minute slots round the clock, as the centre is open.
CENTRE = centre_toml().replace(TAXES, f"{TAXES}\nbooking = {{ slot_min = 15 }}", 1)
SLOT = "2026-11-25T09:15:00Z"  # 11:15 in Riga, a quarter of an hour after the clock's now


@pytest.fixture
async def booking_centre(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(CENTRE), db_path, clock) as srv:
        yield srv


async def call_a_booked_visitor_then_a_walk_in(running: Running) -> None:
    """B001 booked for 11:15 and checked in early is called at counter 3, then A001 (a
    walk-in) at counter 1."""
    async with (
        device(running, "k1") as kiosk,
        device(running, "c1") as c1,
        device(running, "c3") as c3,
    ):
        code = (await c3.ok("book", service="tax", start=SLOT))["booking"]["code"]
        ticket = (await kiosk.ok("check_in", code=code))["ticket"]
        assert ticket["number"] == "B001" and ticket["booked_for"] == SLOT
        at_the_booked_time(running)
        assert (await c3.ok("call_next"))["ticket"]["number"] == "B001"
        await kiosk.ok("take_ticket", service="social")
        await c1.ok("call_next")


def at_the_booked_time(running: Running) -> None:
    """The server's clock reaches the slot: an appointment is called at its time, not before."""
    clock = running.server.clock
    assert isinstance(clock, Clock)
    clock.now = datetime.fromisoformat(SLOT)


def mark(app: DisplayApp) -> str:
    return app.screen.query_one(CallBanner).mark


async def test_an_appointment_is_marked_in_the_banner_and_the_earlier_calls(
    booking_centre: Running,
) -> None:
    now = [FROZEN]
    app = DisplayApp(booking_centre.url, clock=lambda: now[0], cycle_s=8, backoff_initial=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")
        async with device(booking_centre, "k1") as kiosk, device(booking_centre, "c3") as c3:
            code = (await c3.ok("book", service="tax", start=SLOT))["booking"]["code"]
            await kiosk.ok("check_in", code=code)
            at_the_booked_time(booking_centre)
            await c3.ok("call_next")
        await until(pilot, lambda: banner(app) == "B001 → 3")
        assert mark(app) == "Pieraksts"
        # The word is drawn in block letters under the number, readable across the room.
        await showing(pilot, render("Pieraksts", 1)[1].strip())
        # In each language of the cycle; Russian in block letters too.
        for word in ("Запись", "Appointment", "Pieraksts"):
            now[0] += timedelta(seconds=8)
            await until(pilot, lambda: mark(app) == word)  # noqa: B023 (awaited here)
            assert covers(word)
            await showing(pilot, render(word, 1)[1].strip())
        async with device(booking_centre, "k1") as kiosk, device(booking_centre, "c1") as c1:
            await kiosk.ok("take_ticket", service="social")
            await c1.ok("call_next")
        await until(pilot, lambda: banner(app) == "A001 → 1")
        assert mark(app) == ""  # a walk-in has no mark
        assert history(app) == ["B001 → 3"]
        lines = await showing(pilot, "★ B001")
        assert any("★ Pieraksts" in line for line in lines), "\n".join(lines)
        assert not any("★ A001" in line for line in lines)


async def test_a_display_that_connects_later_marks_the_calls_of_its_welcome(
    booking_centre: Running,
) -> None:
    await call_a_booked_visitor_then_a_walk_in(booking_centre)
    app = DisplayApp(booking_centre.url, clock=lambda: FROZEN, cycle_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: banner(app) == "A001 → 1")
        assert mark(app) == ""
        await showing(pilot, "★ B001")
        await showing(pilot, "★ Pieraksts")


async def test_a_walk_in_call_has_no_mark_anywhere(booking_centre: Running) -> None:
    app = DisplayApp(booking_centre.url, clock=lambda: FROZEN, cycle_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        async with device(booking_centre, "k1") as kiosk, device(booking_centre, "c1") as c1:
            for _ in range(2):
                await kiosk.ok("take_ticket", service="social")
            await c1.ok("call_next")
            await c1.ok("finish", ticket="A001")
            await c1.ok("call_next")
        await until(pilot, lambda: banner(app) == "A002 → 1")
        lines = await showing(pilot, "A001")
        assert mark(app) == "" and "★" not in "\n".join(lines)


async def test_on_a_small_screen_the_mark_is_a_line_of_text_under_the_number(
    booking_centre: Running,
) -> None:
    app = DisplayApp(booking_centre.url, clock=lambda: FROZEN, cycle_s=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")
        async with device(booking_centre, "k1") as kiosk, device(booking_centre, "c3") as c3:
            code = (await c3.ok("book", service="tax", start=SLOT))["booking"]["code"]
            await kiosk.ok("check_in", code=code)
            at_the_booked_time(booking_centre)
            await c3.ok("call_next")
        await until(pilot, lambda: banner(app) == "B001 → 3")
        lines = await showing(pilot, "★ Pieraksts")  # no earlier calls: the banner's mark
        assert history(app) == []
        row = next(i for i, x in enumerate(lines) if "★ Pieraksts" in x)
        assert "▀" in lines[row - 2] and row < next(i for i, x in enumerate(lines) if "╭" in x)
