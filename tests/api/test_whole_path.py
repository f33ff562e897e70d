"""The appointments path end to end, as the issue's "done when" says it: bookings made through
the HTTP API show on their booking page, are checked in at the kiosk by typing the code and by
scanning it, the booked visitor is called at their time ahead of a walk-in who came earlier,
and the counter's list of today's bookings shows them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from server.config import CentreConfig, loads
from tests.api.conftest import Api, booking_toml
from tests.conftest import Clock
from tests.kiosk.helpers import make_kiosk, text
from tests.server.harness import Running, device
from tests.ui import showing, until


@pytest.fixture
def config() -> CentreConfig:
    return loads(booking_toml(places=2))


async def test_booked_through_the_api_checked_in_at_the_kiosk_and_called_at_its_time(
    api: Api, running: Running, clock: Clock
) -> None:
    start = await api.first_slot()
    typed = (await api.book(start, name="Līga Kalniņa")).json["booking"]
    scanned = (await api.book(start)).json["booking"]
    page = await api.call("GET", typed["link"].removeprefix("http://rinda.test"), token=None)
    assert typed["code"] in page.text and "Līga" not in page.text
    async with device(running, "k2") as other_kiosk:
        walk_in = (await other_kiosk.ok("take_ticket", service="social"))["ticket"]
    clock.now = datetime.fromisoformat(start) - timedelta(minutes=3)
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        # Typed on the keypad.
        await showing(pilot, "Man ir pieraksts")
        await pilot.click("#appointment")
        await showing(pilot, "Ievadiet pieraksta kodu")
        for ch in typed["code"]:
            await pilot.click(f"#key-{ch}")
        await pilot.click("#ok")
        await showing(pilot, "Jūsu numurs")
        assert "Pieraksts" in text(app, "#appointment-mark")
        first = app.visit.ticket
        # Scanned: a keyboard-wedge scanner types the code and Enter, here on the ticket page.
        await pilot.press(*scanned["code"], "enter")
        await until(pilot, lambda: app.visit.ticket not in (None, first))
        second = app.visit.ticket
    assert first is not None and second is not None and first.number != second.number
    clock.now = datetime.fromisoformat(start) + timedelta(seconds=20)
    async with device(running, "c2") as counter, device(running, "m1") as desk:
        called = [(await counter.ok("call_next"))["ticket"]["number"]]
        await counter.ok("finish", ticket=called[0])
        called.append((await counter.ok("call_next"))["ticket"]["number"])
        listed = (await desk.ok("bookings"))["bookings"]
    # Both booked visitors, at their time, before the walk-in who came first.
    assert called == [first.number, second.number]
    assert walk_in["number"] not in called
    states = {b["code"]: (b["state"], b["name"]) for b in listed}
    assert states == {
        typed["code"]: ("served", "Līga Kalniņa"),
        scanned["code"]: ("called", ""),
    }
