"""A visitor who joined the queue from home checks in at the kiosk with the ticket's code,
against a real server: the start page offers it, the keypad takes the code, the ticket is
shown and printed as checked in with the time it joined; checking in again, and a place that
lapsed, are each told in the visitor's language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from server.config import loads
from tests.conftest import Clock
from tests.counter.harness import register_clerk
from tests.kiosk.helpers import FakePrinter, make_kiosk, text
from tests.server.harness import Running, device, start_server
from tests.server.joined import join, remote_toml
from tests.ui import showing

CODE = "RMT234"


@pytest.fixture
async def running(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(remote_toml()), db_path, clock) as r:
        yield r


async def tap(pilot: Pilot[None], code: str) -> None:
    for ch in code:
        await pilot.click(f"#key-{ch}")


async def test_a_ticket_from_home_checks_in_on_the_keypad_and_is_printed(
    running: Running, clock: Clock
) -> None:
    number = await join(running, CODE)  # at 11:00 in Riga
    clock.now += timedelta(minutes=25)
    async with FakePrinter() as printer:
        app = make_kiosk(running, printer.target)
        async with app.run_test(size=(80, 24)) as pilot:
            # No service takes bookings here: the button is offered for tickets from home.
            await showing(pilot, "Man ir pieraksts vai biļete tiešsaistē")
            await pilot.click("#appointment")
            await showing(pilot, "Ievadiet pieraksta vai biļetes kodu")
            await tap(pilot, "ABC234")
            await pilot.click("#ok")
            await showing(pilot, "Ar šādu kodu nav ne pieraksta, ne biļetes.")
            await pilot.click("#clear")
            await tap(pilot, CODE)
            await pilot.click("#ok")
            await showing(pilot, "Jūsu numurs")
            assert text(app, "#number-plain") == number
            assert text(app, "#appointment-mark") == "Reģistrēts · rindā kopš 11:00"
            data = await printer.next_ticket(1)
            assert "Reģistrēts · rindā kopš 11:00".encode("cp1257") in data
            assert number.encode() in data
            ticket = running.server.owner.centre.state.tickets[number]
            assert ticket.arrived_at == clock.now and not ticket.absent

            # Scanned again (a keyboard-wedge scanner types it and Enter): already here.
            await pilot.press("escape")
            await showing(pilot, "Man ir pieraksts vai biļete tiešsaistē")
            await pilot.press(*CODE, "enter")
            await showing(pilot, "Šī biļete jau ir reģistrēta. Lūdzu, apsēdieties")
            assert text(app, "#booking-title") == "Jūsu biļete"
            # Nothing to take: only "done", which has the focus.
            assert app.query_one("#walk-in", Button).has_class("hidden")
            assert app.focused is app.query_one("#booking-done", Button)
        assert len(printer.tickets) == 1


async def test_a_place_that_lapsed_is_said_in_the_visitors_language(
    running: Running, clock: Clock
) -> None:
    await join(running, CODE)
    await register_clerk(running)
    async with device(running, "c1") as counter:
        await counter.ok("sign_in", clerk="anna", pin="4821")
        await counter.ok("call_next")  # nobody here: its turn passes
    clock.now += timedelta(minutes=16)
    await running.server.chores.every_tick()
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Man ir pieraksts vai biļete tiešsaistē")
        await pilot.click("#appointment")
        await pilot.click("#code-lang-ru")
        await showing(pilot, "Введите код записи или талона")
        await tap(pilot, CODE)
        await pilot.click("#ok")
        await showing(pilot, "Ваше место в очереди пропало")
        assert text(app, "#booking-title") == "Ваш талон"
        await pilot.click("#walk-in")
        await showing(pilot, "Выберите услугу")
