"""The bookings view against a real server, keyboard only: a clerk books the visitor in front
of them and reads them the code, time and link; moves a booking and cancels one (after a
question, which Esc answers "keep it"); a time that has begun meanwhile is refused in one
sentence and leaves the list of free times; names are shown as typed; and a centre where
nothing is bookable says so."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from server.config import CentreConfig, loads
from server.store.personal import personal_of
from tests.conftest import Clock, centre_toml
from tests.counter.booking_kit import FIRST_SLOT, booked, booking_config, open_bookings
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, start_server
from tests.ui import painted, screen_text, showing, until

SIZE = (120, 32)


@pytest.fixture
def config() -> CentreConfig:
    return booking_config()


def line_with(lines: list[str], text: str) -> str:
    return next(line for line in lines if text in line)


async def test_a_clerk_books_the_visitor_in_front_of_them(running: Running, clock: Clock) -> None:
    await register_clerk(running)
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_bookings(pilot)
        await showing(pilot, "No bookings today. Press F2 to book a visitor.")
        await pilot.press("f2")
        # Taxes, the one service that takes bookings, is chosen; today's first free time.
        await showing(pilot, "today 25.11. (")
        lines = painted(app)
        assert "Taxes" in line_with(lines, "today 25.11.") and "11:20" in screen_text(app)
        assert "Social services" not in screen_text(app)
        await pilot.press("enter", "enter", "enter")
        await pilot.press(*"Anna Bērziņa", "enter", *"+371 20000000", "enter")
        lines = await showing(pilot, "Booked")
        made = app.model.appointments.made
        assert made is not None
        for text in (
            " ".join(made.code),
            "Time: today 25.11. 11:20",
            "Service: Taxes",
            "Name: Anna Bērziņa",
            "Contact: +371 20000000",
            f"Link: {made.link}",
            f"{made.code} booked for 11:20.",
        ):
            assert any(text in line for line in lines), (text, lines)
        assert made.link.startswith("http://rinda.test/a/")

        # The server has it, and the name and contact kept apart from the log.
        (b,) = running.server.owner.centre.state.bookings.values()
        assert (b.code, b.service, b.start, b.status) == (made.code, "tax", FIRST_SLOT, "booked")
        names = await personal_of(running.server.owner.store, [b.id])
        assert names == {b.id: ("Anna Bērziņa", "+371 20000000")}

        # Back to the list: the booking with the visitor's name; then back to the desk.
        await pilot.press("escape")
        lines = await showing(pilot, "Bookings on 25.11.2026: 1")
        await showing(pilot, "Anna Bērziņa")
        row = line_with(painted(app), made.code)
        for text in ("11:20", "Taxes", "booked", "Anna Bērziņa", "+371 20000000"):
            assert text in row, (text, row)
        await pilot.press("escape")
        await showing(pilot, "No visitor at the counter.")
        # Opened again, it starts from the list (the booking made last time stays there).
        await pilot.press("f11")
        await showing(pilot, "Enter shows a booking; Esc returns to the desk.")
        assert "Booked" not in screen_text(app) and made.code in screen_text(app)


async def test_a_booking_is_moved_and_another_cancelled(running: Running, clock: Clock) -> None:
    await register_clerk(running)
    await booked(running, "K7M4QP", FIRST_SLOT, "Anna")
    await booked(running, "W3XR9T", FIRST_SLOT + timedelta(minutes=40), "Jānis")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_bookings(pilot)
        await showing(pilot, "Jānis")
        # The cursor is on the first row (11:20): move it to 12:20 today.
        await pilot.press("f3")
        await showing(pilot, "Move K7M4QP (11:20) to")
        await until(pilot, lambda: app.model.appointments.found == "tax")
        # Today is highlighted; its free times: 11:40, 12:20 (12:00 is Jānis's), ...
        await pilot.press("enter", "down", "enter")
        lines = await showing(pilot, "K7M4QP moved to 12:20.")
        assert any("Moved" in line for line in lines) and any(
            "Name: Anna" in line for line in lines
        )
        state = running.server.owner.centre.state
        moved = next(b for b in state.bookings.values() if b.code == "K7M4QP")
        assert moved.start == FIRST_SLOT + timedelta(minutes=60)

        # Back in the list the cursor stayed with the moved booking, now the second row.
        # Jānis's (12:00, now the first) is cancelled: the question first, and Esc keeps it.
        await pilot.press("escape")
        lines = painted(app)
        assert line_with(lines, "W3XR9T").lstrip().startswith("12:00")
        assert line_with(lines, "K7M4QP").lstrip().startswith("12:20")
        assert lines.index(line_with(lines, "W3XR9T")) < lines.index(line_with(lines, "K7M4QP"))
        await pilot.press("up", "f4")
        await showing(pilot, "Cancel booking W3XR9T (12:00, Taxes)?")
        await pilot.press("escape")
        await pilot.press("f4")
        await showing(pilot, "Cancel booking W3XR9T (12:00, Taxes)?")
        assert next(b for b in state.bookings.values() if b.code == "W3XR9T").status == "booked"
        await pilot.press("down", "enter")
        await showing(pilot, "W3XR9T (12:00) cancelled.")
        assert next(b for b in state.bookings.values() if b.code == "W3XR9T").status == "cancelled"
        assert "cancelled" in line_with(painted(app), "W3XR9T")
        # A cancelled booking cannot be moved or cancelled again: the keys are gone.
        footer = painted(app)[-1]
        assert "f3" not in footer and "f4" not in footer and "f2 New booking" in footer


async def test_a_time_that_began_meanwhile_is_refused_in_one_sentence(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_bookings(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: app.model.appointments.found == "tax")
        await pilot.press("enter", "enter")  # 11:20 is highlighted
        clock.now = FIRST_SLOT + timedelta(seconds=1)  # the visitor took a while to decide
        await pilot.press("f5")
        await showing(pilot, "That time has already begun: pick a later one.")
        # It is gone from the free times, and nothing was booked.
        await until(pilot, lambda: "11:20" not in screen_text(app), what="11:20 gone")
        assert running.server.owner.centre.state.bookings == {}


async def test_names_that_look_like_markup_are_shown_as_typed(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    name = "[b]Anna[/b] [@click=app.quit]x[/]"
    await booked(running, "K7M4QP", FIRST_SLOT, name, "[/i]")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=(150, 32)) as pilot:
        await open_bookings(pilot)
        row = line_with(await showing(pilot, name), "K7M4QP")
        assert "[/i]" in row
        await pilot.press("enter")
        await showing(pilot, f"Name: {name}")
        await showing(pilot, "Contact: [/i]")
        assert app.return_code is None


async def test_the_bookings_button_opens_the_view_and_escape_returns_to_the_desk(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    await booked(running, "K7M4QP", FIRST_SLOT, "Anna")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: app.model.signed_in)
        await pilot.click("#bookings")
        await showing(pilot, "Bookings on 25.11.2026: 1")
        await pilot.press("escape")
        await showing(pilot, "No visitor at the counter.")
        assert "K7M4QP" not in screen_text(app)


async def test_a_centre_without_bookings_says_so_in_the_finder(db_path: Path, clock: Clock) -> None:
    async with start_server(loads(centre_toml()), db_path, clock) as running:
        await register_clerk(running)
        app = counter_app(running, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await open_bookings(pilot)
            await pilot.press("f2")
            await showing(pilot, "No service takes bookings")
            assert "f5" not in painted(app)[-1]  # nothing to book
            await pilot.press("f5", "enter", "enter")
            assert app.model.appointments.service == ""  # nothing was asked for


async def test_a_second_move_starts_from_today_not_from_the_last_pick(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    await booked(running, "K7M4QP", FIRST_SLOT, "Anna")
    await booked(running, "W3XR9T", FIRST_SLOT + timedelta(minutes=40), "Jānis")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_bookings(pilot)
        await showing(pilot, "Jānis")
        # Anna's booking goes to tomorrow: the second day, its first time.
        await pilot.press("f3")
        await until(pilot, lambda: app.model.appointments.found == "tax")
        await showing(pilot, "Move K7M4QP (11:20) to")
        await pilot.press("down", "enter", "enter")
        await showing(pilot, "K7M4QP moved to")
        state = running.server.owner.centre.state
        anna = next(b for b in state.bookings.values() if b.code == "K7M4QP")
        riga = ZoneInfo("Europe/Riga")
        assert anna.start.astimezone(riga).date() > FIRST_SLOT.astimezone(riga).date()
        # Back in today's list, Jānis's is the only one; Enter, Enter moves it within today
        # (its first free time), not to the day picked for Anna.
        await pilot.press("escape")
        await showing(pilot, "W3XR9T")
        await pilot.press("f3")
        await showing(pilot, "Move W3XR9T (12:00) to")
        await until(pilot, lambda: app.model.appointments.found == "tax")
        await pilot.press("enter", "enter")
        await showing(pilot, "W3XR9T moved to 11:")  # a time today, said without a day
        janis = next(b for b in state.bookings.values() if b.code == "W3XR9T")
        assert janis.start.astimezone(riga).date() == FIRST_SLOT.astimezone(riga).date()
