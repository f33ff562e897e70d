"""A visitor's whole visit on the kiosk, against a real server, in each language."""

from __future__ import annotations

import pytest

from kiosk.screens.priority import PriorityScreen
from kiosk.screens.services import ServicesScreen
from kiosk.screens.start import StartScreen
from kiosk.screens.ticket import TicketScreen
from tests.kiosk.helpers import (
    FakePrinter,
    make_kiosk,
    open_services,
    screen_text,
    shown,
    text,
    until,
)
from tests.server.harness import Running


async def test_latvian_visit_prints_one_ticket(running: Running) -> None:
    async with FakePrinter() as printer:
        app = make_kiosk(running, printer.target)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(app, lambda: app.online and app.services)
            assert isinstance(app.screen, StartScreen)
            await pilot.click("#lang-lv")
            await shown(pilot, ServicesScreen)
            assert "Sociālie pakalpojumi" in screen_text(app)
            assert "Rindā: 0" in screen_text(app)
            await pilot.click("#svc-social")
            await shown(pilot, PriorityScreen)
            assert "Vai jums ir prioritāte?" in screen_text(app)
            await pilot.click("#prio-none")
            await shown(pilot, TicketScreen)
            assert text(app, "#number-plain") == "A001"
            assert text(app, "#ahead") == "Priekšā: 0"
            data = await printer.next_ticket(1)
            await until(app, lambda: "paņemiet biļeti" in text(app, "#print-state"))
        assert b"A001" in data
        assert "Soci\u0101lie".encode("cp1257") in data
        assert list(running.server.owner.centre.state.tickets) == ["A001"]
        assert running.server.owner.centre.state.tickets["A001"].lang == "lv"


@pytest.mark.parametrize(
    ("lang", "question", "senior", "ahead"),
    [
        ("ru", "У вас есть право на приоритет?", "Пожилые", "Перед вами: 0"),
        ("en", "Do you have priority?", "Seniors", "People ahead: 0"),
    ],
)
async def test_visit_with_priority_in_each_language(
    running: Running, lang: str, question: str, senior: str, ahead: str
) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(app, pilot, lang)
        await pilot.click("#svc-tax")
        await shown(pilot, PriorityScreen)
        assert question in screen_text(app)
        assert senior in screen_text(app)
        await pilot.click("#prio-senior")
        await shown(pilot, TicketScreen)
        assert text(app, "#number-plain") == "B001"
        assert text(app, "#ahead") == ahead
        ticket = running.server.owner.centre.state.tickets["B001"]
        assert (ticket.priority, ticket.lang) == ("senior", lang)
        # "Done" goes back to the language choice, in Latvian, for the next visitor.
        await pilot.click("#done")
        await shown(pilot, StartScreen)
        assert app.lang == "lv"


async def test_keyboard_only_visit(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(app, lambda: app.online and app.services)
        await pilot.press("enter")  # Latviešu has the focus
        await shown(pilot, ServicesScreen)
        await pilot.press("down", "enter")  # social → tax
        await shown(pilot, PriorityScreen)
        await pilot.press("enter")  # "Nē" has the focus
        await shown(pilot, TicketScreen)
        assert text(app, "#number-plain") == "B001"
        await pilot.press("escape")
        await shown(pilot, StartScreen)
