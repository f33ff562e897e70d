"""A visitor's whole visit on the kiosk, against a real server, in each language."""

from __future__ import annotations

import pytest

from tests.kiosk.helpers import FakePrinter, make_kiosk, open_services, text
from tests.server.harness import Running
from tests.ui import screen_text, showing


async def test_latvian_visit_prints_one_ticket(running: Running) -> None:
    async with FakePrinter() as printer:
        app = make_kiosk(running, printer.target)
        async with app.run_test(size=(80, 24)) as pilot:
            await showing(pilot, "Testa centrs")
            assert "Latviešu" in screen_text(app)
            await pilot.click("#lang-lv")
            await showing(pilot, "Sociālie pakalpojumi")
            assert "Rindā: 0" in screen_text(app)
            await pilot.click("#svc-social")
            await showing(pilot, "Vai jums ir prioritāte?")
            await pilot.click("#prio-none")
            await showing(pilot, "Jūsu numurs")
            assert text(app, "#number-plain") == "A001"
            assert "Priekšā: 0" in screen_text(app)
            data = await printer.next_ticket(1)
            await showing(pilot, "paņemiet biļeti")
        assert b"A001" in data
        assert "Soci\u0101lie".encode("cp1257") in data
        assert list(running.server.owner.centre.state.tickets) == ["A001"]
        assert running.server.owner.centre.state.tickets["A001"].lang == "lv"


@pytest.mark.parametrize(
    ("lang", "question", "senior", "ahead", "start"),
    [
        ("ru", "У вас есть право на приоритет?", "Пожилые", "Перед вами: 0", "Ваш номер"),
        ("en", "Do you have priority?", "Seniors", "People ahead: 0", "Your number"),
    ],
)
async def test_visit_with_priority_in_each_language(
    running: Running, lang: str, question: str, senior: str, ahead: str, start: str
) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot, lang)
        await pilot.click("#svc-tax")
        await showing(pilot, question)
        assert senior in screen_text(app)
        await pilot.click("#prio-senior")
        await showing(pilot, start)
        assert text(app, "#number-plain") == "B001"
        assert ahead in screen_text(app)
        ticket = running.server.owner.centre.state.tickets["B001"]
        assert (ticket.priority, ticket.lang) == ("senior", lang)
        # "Done" goes back to the language choice, in Latvian, for the next visitor.
        await pilot.click("#done")
        await showing(pilot, "Latviešu")
        assert app.visit.lang == "lv"


async def test_keyboard_only_visit(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Testa centrs")
        await pilot.press("enter")  # Latviešu has the focus
        await showing(pilot, "Sociālie pakalpojumi")
        await pilot.press("down", "enter")  # social → tax
        await showing(pilot, "Vai jums ir prioritāte?")
        await pilot.press("enter")  # "Nē" has the focus
        await showing(pilot, "Jūsu numurs")
        assert text(app, "#number-plain") == "B001"
        await pilot.press("escape")
        await showing(pilot, "Latviešu")
