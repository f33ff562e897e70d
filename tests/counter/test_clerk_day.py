"""A clerk's whole day in the counter app against a real server, keyboard only: sign in
(after a wrong PIN), call, recall up to the limit, a no-show that is too early and then
allowed, calling that number back, serving, a transfer to the front of another queue,
pause and resume, calling when nobody waits, and signing out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing, until

RIGA = ZoneInfo("Europe/Riga")
RULES = "\n[counter_rules]\nrecall_limit = 2\nno_show_after_s = 60\n"


@pytest.fixture
async def server(db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(loads(centre_toml() + RULES), db_path, clock) as running:
        await register_clerk(running)
        yield running


async def test_a_clerk_works_a_day_with_the_keyboard(server: Running, clock: Clock) -> None:
    async with device(server, "k1") as kiosk:
        for service in ("social", "social", "tax", "social"):
            await kiosk.ok("take_ticket", service=service)
    app = counter_app(server, clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot, pin="0000")
        await showing(pilot, "The clerk id or PIN is wrong.")
        assert not app.model.signed_in
        # The clerk id stays and the cursor waits in the emptied PIN field.
        await pilot.press(*"4821", "enter")
        await showing(pilot, "Clerk: Anna Bērziņa")

        await pilot.press("f2")
        await until(pilot, lambda: app.model.current is not None)
        assert app.model.current is not None and app.model.current.number == "A001"
        await showing(pilot, "A001 called.")
        for calls in (2, 3):
            await pilot.press("f3")
            await until(
                pilot,
                lambda calls=calls: (
                    app.model.current is not None and app.model.current.calls == calls
                ),
            )
        await pilot.press("f3")
        await showing(pilot, "recalled too often")
        await pilot.press("f6")
        await showing(pilot, "Too early for a no-show")
        assert app.model.current.status == "called"

        clock.now += timedelta(seconds=61)
        await pilot.press("f6")
        await until(pilot, lambda: app.model.current is None)
        await showing(pilot, "A001 marked a no-show.")

        # The visitor comes back: call that number.
        await pilot.press("f8", *"a001", "enter")
        await until(pilot, lambda: app.model.current is not None)
        await pilot.press("f4")
        await until(
            pilot, lambda: app.model.current is not None and app.model.current.status == "serving"
        )
        await pilot.press("f5")
        await until(pilot, lambda: app.model.current is None and app.model.served_today == 1)

        # A002 needs the tax desk: to the front of that queue, with a note.
        await pilot.press("f2")
        await until(pilot, lambda: app.model.current is not None)
        assert app.model.current.number == "A002"
        await pilot.press("f7", "down", "tab", "space", "tab", *"needs form", "enter")
        await until(pilot, lambda: app.model.current is None)
        await showing(pilot, "A002 sent to Taxes.")

        await pilot.press("f9", "down", "enter")  # paperwork
        await showing(pilot, "For how long?")
        await pilot.press("up", "up", "enter")  # from "not sure" up to 30 min
        await until(pilot, lambda: app.model.status == "paused")
        assert app.model.reason == "paperwork"
        back_at = server.server.owner.centre.state.counters["1"].back_at
        # Half an hour, to the next whole minute.
        assert back_at is not None and back_at.second == 0
        assert timedelta(0) <= back_at - clock.now - timedelta(minutes=30) < timedelta(minutes=1)
        await showing(pilot, f"Paused (paperwork) until {back_at.astimezone(RIGA):%H:%M}")
        await showing(pilot, "Counter paused.")
        await pilot.press("f2")  # not while paused: the key does nothing, its button is grey
        await pilot.pause()
        assert "Counter paused." in screen_text(app) and app.model.current is None
        await pilot.press("f10")
        await until(pilot, lambda: app.model.status == "open")

        # The transferred visitor is called first, and the note came along.
        await pilot.press("f2")
        await until(pilot, lambda: app.model.current is not None)
        assert (app.model.current.number, app.model.current.service) == ("A002", "tax")
        assert app.model.current.note == "needs form"
        await pilot.press("f5")
        await until(pilot, lambda: app.model.current is None)
        for served in (3, 4):
            await pilot.press("f2")
            await until(pilot, lambda: app.model.current is not None)
            await pilot.press("f5")
            await until(
                pilot,
                lambda served=served: (
                    app.model.current is None and app.model.served_today == served
                ),
            )
        await pilot.press("f2")
        await showing(pilot, "Nobody is waiting.")

        await pilot.press("f12")
        await showing(pilot, "Sign in at counter 1")
        # Back after lunch: the clerk's count for the day is still theirs.
        await pilot.press(*"anna", "enter", *"4821", "enter")
        await until(pilot, lambda: app.model.signed_in and app.model.clerk == "anna")
        assert app.model.served_today == 4
        await pilot.press("f12")
        await showing(pilot, "Sign in at counter 1")
    state = server.server.owner.centre.state
    assert state.counters["1"].status == "closed"
    assert {n: t.status for n, t in state.tickets.items()} == {
        "A001": "done",
        "A002": "done",
        "A003": "done",
        "B001": "done",
    }
