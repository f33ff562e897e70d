"""The manager's actions from the keyboard against a real server, and what the other devices
see of them: a kiosk learns that a service stopped issuing (with the manager's reason) and
resumed, a display gets the notice line and its clearing, a counter left signed in is signed
out. A reason too long or on two lines is refused in the dialog and nothing is sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from manager.screens.confirm import ConfirmDialog
from manager.screens.text_dialog import TextDialog
from manager.widgets import said_line
from manager.widgets.counters_table import CountersTable
from manager.widgets.said_line import SaidLine
from server.config import loads
from server.store.clerks import add_clerk
from tests.conftest import Clock, centre_toml
from tests.manager.harness import loaded, manager_app
from tests.server.harness import Peer, Running, device, start_server
from tests.ui import screen_text, showing, until


async def tax_queue(kiosk: Peer, issuing: bool) -> dict[str, Any]:
    """The first `queue` event where Taxes is (or is not) issuing: earlier ones may still be
    on their way."""
    async with asyncio.timeout(10):
        while True:
            tax: dict[str, Any] = (await kiosk.event("queue"))["services"]["tax"]
            if tax["issuing"] is issuing:
                return tax


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(centre_toml()), db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True
        yield running


async def test_stop_and_resume_issuing_reach_the_kiosk(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock)
    async with device(server, "k1") as kiosk, app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await showing(pilot, "Taxes")
        # The counters have the focus: the arrows move their highlight, and S (which acts on
        # a service) says to pick one rather than taking the services table's highlight.
        assert isinstance(app.focused, CountersTable)
        await pilot.press("down", "s")
        await showing(pilot, "Pick a service first")
        assert not isinstance(app.screen, TextDialog)
        # The second row of the services table: Taxes.
        await pilot.click("#services", offset=(3, 3))
        await pilot.press("s")
        await showing(pilot, "Stop issuing tickets for Taxes?")
        # The whole question, wrapped, and the field's label.
        await showing(pilot, "already waiting are still called.")
        await showing(pilot, "Reason (shown on the kiosks):")
        # Typing stops at the limit; a paste past it, or of several lines, is refused whole
        # with a sentence saying so (its real length), and nothing reaches the server.
        field = app.screen.query_one("#text", Input)
        await pilot.press(*("x" * 101))
        assert field.value == "x" * 100
        await pilot.press("ctrl+u")
        field.post_message(events.Paste("y" * 150))
        await showing(pilot, "Too long: 150 characters, at most 100.")
        field.post_message(events.Paste("Sistēma\nnedarbojas"))
        await showing(pilot, "One line only: the paste had 2 lines, and nothing was pasted.")
        assert field.value == ""
        await pilot.press("enter")
        await showing(pilot, "Type a few words first.")
        assert server.server.owner.centre.state.stopped == {}
        field.post_message(events.Paste("Sistēma nedarbojas"))
        await until(pilot, lambda: field.value == "Sistēma nedarbojas", what="the paste")
        await pilot.press("enter")
        await showing(pilot, "Tickets for Taxes are no longer issued.")

        tax = await tax_queue(kiosk, issuing=False)
        assert tax["reason"] == "suspended"
        assert tax["reason_text"] == "Sistēma nedarbojas"
        taken = await kiosk.request("take_ticket", service="tax")
        assert taken["code"] == "service_closed"
        await until(pilot, lambda: "stopped by a manager: Sistēma" in screen_text(app))

        await pilot.press("r")
        await showing(pilot, "Resume issuing tickets for Taxes?")
        await pilot.press("enter")  # the dialog's yes has the focus
        await showing(pilot, "Tickets for Taxes are issued again.")
        await tax_queue(kiosk, issuing=True)
        await kiosk.ok("take_ticket", service="tax")


async def test_the_notice_reaches_the_display(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock)
    async with device(server, "d1") as display, app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await showing(pilot, "The notice line on every waiting-room display:")
        await pilot.press(*"Kase strādā līdz 15:00", "enter")
        await showing(pilot, "Notice on the displays: Kase strādā līdz 15:00")
        notice = await display.event("notice")
        assert notice["text"] == "Kase strādā līdz 15:00" and notice["by"] == "m1"

        # Opened again, it holds the notice on show; "Clear the notice" clears it.
        await pilot.press("n")
        await showing(pilot, "Clear the notice")
        await pilot.click("#clear")
        await showing(pilot, "The notice is cleared.")
        assert (await display.event("notice"))["text"] == ""


async def test_a_counter_left_signed_in_is_signed_out(server: Running, clock: Clock) -> None:
    app = manager_app(server, clock)
    async with device(server, "c2") as counter, app.run_test(size=(150, 40)) as pilot:
        await counter.ok("sign_in", clerk="anna", pin="4821")
        await loaded(pilot)
        await showing(pilot, "anna")
        # The second row of the counters table: counter 2.
        await pilot.click("#counters", offset=(3, 3))
        await pilot.press("o")
        await showing(pilot, "Sign out counter 2?")
        # Esc is "no": nothing is sent.
        await pilot.press("escape")
        await until(pilot, lambda: "Sign out counter 2?" not in screen_text(app))
        assert app.floor.counters["2"].status == "open"
        await pilot.press("o")
        await showing(pilot, "Sign out counter 2?")
        await pilot.press("enter")  # the dialog's yes has the focus
        await showing(pilot, "Counter 2 is signed out.")
        async with asyncio.timeout(10):
            closed = await counter.event("counter")
            while closed["status"] != "closed":  # its own sign-in's event came first
                closed = await counter.event("counter")
        assert closed["by"] == "m1"
        await until(pilot, lambda: app.floor.counters["2"].status == "closed")


async def test_nothing_to_do_is_said_so(
    server: Running, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing out a counter nobody is signed in at, or resuming a service that was not
    stopped, says so and sends nothing; the line under the tabs empties on a tab switch and
    after a while by itself."""
    monkeypatch.setattr(said_line, "SHOWN_S", 0.3)
    app = manager_app(server, clock)
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        await showing(pilot, "Taxes")
        await pilot.click("#counters", offset=(3, 2))  # counter 1: closed
        await pilot.press("o")
        await showing(pilot, "Counter 1 is not signed in: nothing to sign out.")
        assert not isinstance(app.screen, ConfirmDialog)
        said = app.screen.query_one(SaidLine)
        await until(pilot, lambda: "nothing to sign out" not in screen_text(app), what="cleared")
        assert str(said.render()) == ""

        monkeypatch.setattr(said_line, "SHOWN_S", 600)  # only the tab switch clears it now
        await pilot.click("#services", offset=(3, 3))  # Taxes: issuing
        await pilot.press("r")
        await showing(pilot, "Tickets for Taxes were not stopped: nothing to resume.")
        assert not isinstance(app.screen, ConfirmDialog)
        await pilot.press("f3")
        await until(pilot, lambda: "nothing to resume" not in screen_text(app), what="cleared")
    assert server.server.owner.centre.state.stopped == {}
