"""A visitor with a booking checks in at the kiosk, against a real server: by typing the code
on the keypad, or by "scanning" it (a keyboard-wedge scanner types it and Enter) on any page;
early, lapsed, another day's and unknown codes are each told in the visitor's language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button

from server.config import CentreConfig, loads
from tests.conftest import Clock, bookable_toml, centre_toml
from tests.kiosk.helpers import FakePrinter, make_kiosk, open_services, text
from tests.kiosk.test_focus import check_focus
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing, until

BOOKABLE = bookable_toml()
RIGA = ZoneInfo("Europe/Riga")


@pytest.fixture
def config() -> CentreConfig:
    return loads(BOOKABLE)


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(config, db_path, clock) as r:
        yield r


async def book(running: Running, day: str | None = None) -> tuple[str, datetime]:
    """A booking of the first free slot of "social" (today's, or on `day`), made at the
    info desk: its code and start."""
    async with device(running, "m1") as desk:
        asked = {"day": day} if day else {}
        slot = (await desk.ok("free_slots", service="social", **asked))["slots"][0]
        booked = await desk.ok("book", service="social", start=slot["start"])
    return booked["booking"]["code"], datetime.fromisoformat(slot["start"])


async def open_keypad(pilot: Pilot[None]) -> None:
    await showing(pilot, "Man ir pieraksts")
    await pilot.click("#appointment")
    await showing(pilot, "Ievadiet pieraksta kodu")


async def tap(pilot: Pilot[None], code: str) -> None:
    for ch in code:
        await pilot.click(f"#key-{ch}")


async def test_typing_the_code_on_the_keypad_checks_in_and_prints_an_appointment_ticket(
    running: Running, clock: Clock
) -> None:
    code, start = await book(running)
    async with FakePrinter() as printer:
        app = make_kiosk(running, printer.target)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_keypad(pilot)
            await tap(pilot, code[:4])
            await pilot.click("#erase")
            await tap(pilot, code[3:])
            await showing(pilot, f"{code[:3]} {code[3:]}")  # grouped, as the visitor reads it
            await pilot.click("#ok")
            await showing(pilot, "Jūsu numurs")
            booked = f"{start.astimezone(RIGA):%H:%M}"
            assert text(app, "#appointment-mark") == f"Pieraksts {booked}"
            # Booked for later than now: they are told they will be called at their time.
            assert f"Pieraksts ir {booked}. Lūdzu, apsēdieties" in text(app, "#wait")
            data = await printer.next_ticket(1)
        assert f"Pieraksts {booked}".encode("cp1257") in data
    ticket = running.server.owner.centre.state.tickets["A001"]
    assert ticket.booked_for == start


async def test_a_code_scanned_on_the_start_page_checks_in(running: Running) -> None:
    code, _start = await book(running)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Man ir pieraksts")
        await pilot.press(*code, "enter")
        await showing(pilot, "Jūsu numurs")
        assert "Pieraksts" in text(app, "#appointment-mark")
    # The scan's Enter pressed no button: no language was chosen, no walk-in ticket taken.
    assert list(running.server.owner.centre.state.tickets) == ["A001"]


async def test_a_scan_on_the_services_page_checks_in_in_the_chosen_language(
    running: Running,
) -> None:
    code, start = await book(running)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot, "en")
        # Lower case and a dash, as some codes are printed: the same code.
        await pilot.press(*f"{code[:3].lower()}-{code[3:]}", "enter")
        await showing(pilot, "Your number")
        assert text(app, "#appointment-mark") == f"Appointment {start.astimezone(RIGA):%H:%M}"
        assert "you will be called" in text(app, "#wait")
    tickets = running.server.owner.centre.state.tickets
    assert [(t.number, t.lang, t.booked_for) for t in tickets.values()] == [("A001", "en", start)]


async def test_a_scanners_burst_of_keys_presses_no_button(running: Running) -> None:
    """A real scanner's keys arrive all at once, before the app has handled the first: its
    Enter still reaches no button (the focused service would take a walk-in ticket)."""
    code, _start = await book(running)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot)
        assert isinstance(app.focused, Button) and app.focused.id == "svc-social"
        for key, char in [*((ch, ch) for ch in code), ("enter", "\r")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app.post_message(event)  # as the terminal driver does, without waiting
        await showing(pilot, "Jūsu numurs")
        assert "Pieraksts" in text(app, "#appointment-mark")
    tickets = running.server.owner.centre.state.tickets
    assert [(t.number, t.booking is not None) for t in tickets.values()] == [("A001", True)]


async def test_a_scan_on_the_code_page_checks_in_wherever_the_focus_is(running: Running) -> None:
    """The code page takes the letters typed on it for itself, and the focus may be on
    "Back": the scan is still read, and its Enter goes back nowhere."""
    code, _start = await book(running)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_keypad(pilot)
        await pilot.press("right")
        assert isinstance(app.focused, Button) and app.focused.id == "back"
        await pilot.press(*code, "enter")
        await showing(pilot, "Jūsu numurs")
    assert list(running.server.owner.centre.state.tickets) == ["A001"]


async def test_a_scan_on_the_ticket_page_of_a_walk_in_starts_a_new_visit(running: Running) -> None:
    code, _start = await book(running)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot)
        await pilot.click("#svc-tax")
        await showing(pilot, "Vai jums ir prioritāte?")
        await pilot.click("#prio-none")
        await showing(pilot, "B001")
        await pilot.press(*code, "enter")
        await until(pilot, lambda: "A001" in screen_text(app), what="the appointment's ticket")
        assert "Pieraksts" in text(app, "#appointment-mark")
    assert sorted(running.server.owner.centre.state.tickets) == ["A001", "B001"]


async def test_a_lapsed_booking_offers_a_walk_in_ticket(running: Running, clock: Clock) -> None:
    code, start = await book(running)
    clock.now = start + timedelta(minutes=11)  # past the 10-minute grace window
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_keypad(pilot)
        await pilot.press(*code)
        await pilot.click("#ok")
        lines = await showing(pilot, "ir nokavēts")
        assert f"{start.astimezone(RIGA):%d.%m.%Y %H:%M}" in "\n".join(lines)
        assert not running.server.owner.centre.state.tickets
        await pilot.click("#walk-in")
        await showing(pilot, "Sociālie pakalpojumi")
        await pilot.click("#svc-social")
        await showing(pilot, "Vai jums ir prioritāte?")
        await pilot.click("#prio-none")
        await showing(pilot, "Jūsu numurs")
        assert not app.query("#ticket-page #appointment-mark")
    (ticket,) = running.server.owner.centre.state.tickets.values()
    assert ticket.booked_for is None


async def test_another_days_booking_names_its_date(running: Running) -> None:
    code, start = await book(running, day="2026-11-26")
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Man ir pieraksts")
        await pilot.press(*code, "enter")
        await showing(pilot, f"Jūsu pieraksts ir {start.astimezone(RIGA):%d.%m.%Y %H:%M}")
        await pilot.click("#booking-done")
        await showing(pilot, "Latviešu")


async def test_an_unknown_code_stays_on_the_keypad_to_be_checked(running: Running) -> None:
    now = [1000.0]  # the kiosk's monotonic clock: the scanner tells a person's keys by it
    app = make_kiosk(running, monotonic=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_keypad(pilot)
        await pilot.click("#code-lang-ru")
        await showing(pilot, "Введите код записи")
        await pilot.press(*"ZZZZZ")
        await pilot.click("#ok")
        await showing(pilot, "В коде 6 знаков.")  # five are not a code: nothing is asked
        # A person typing slowly, then Enter: not a scan, so Enter is the focused OK.
        now[0] += 5
        await pilot.press("Z")
        await showing(pilot, "ZZZ ZZZ")
        await pilot.press("enter")
        await showing(pilot, "проверьте код")
        assert app.page == "code-page"
        assert "ZZZ ZZZ" in screen_text(app)  # kept, to be corrected
        await pilot.press("backspace")
        await showing(pilot, "ZZZ ZZ_")
    assert not running.server.owner.centre.state.tickets


async def test_a_booking_checked_in_twice_is_told_so(running: Running) -> None:
    code, _start = await book(running)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Man ir pieraksts")
        await pilot.press(*code, "enter")
        await showing(pilot, "Jūsu numurs")
        await pilot.press(*code, "enter")
        await showing(pilot, "jau ir reģistrēts vai atcelts")
    assert list(running.server.owner.centre.state.tickets) == ["A001"]


async def test_no_appointment_button_where_nothing_is_booked(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(loads(centre_toml()), db_path, clock) as plain:
        app = make_kiosk(plain)
        async with app.run_test(size=(80, 24)) as pilot:
            await showing(pilot, "Latviešu")
            assert "Man ir pieraksts" not in screen_text(app)


async def test_the_focused_button_stands_out_on_the_check_in_pages(
    running: Running, clock: Clock
) -> None:
    code, start = await book(running)
    clock.now = start + timedelta(minutes=11)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Man ir pieraksts")
        check_focus(app, "start-page")
        await pilot.click("#appointment")
        await showing(pilot, "Ievadiet pieraksta kodu")
        check_focus(app, "code-page")
        await pilot.press(*code, "enter")
        await showing(pilot, "ir nokavēts")
        check_focus(app, "booking-page")
