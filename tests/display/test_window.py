"""A window display's counter as plain data (display/window.py): which number it shows, and
when the clerk is back, in local time."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from display.widgets.window_sign import Sign, WindowSign
from display.window import Desk
from server.protocol import events as e

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 11:00 in Riga
AT = "2026-11-25T09:00:00Z"


def test_the_number_stays_from_its_call_until_the_visit_ends_there() -> None:
    desk = Desk("1", "1", "open")
    called = desk.apply(
        e.Called(ticket="A001", counter="1", counter_name="1", service="s", recall=False, at=AT)
    )
    assert called.ticket == "A001"
    assert called.apply(e.Finished(ticket="A009", counter="2", at=AT)).ticket == "A001"
    assert called.apply(e.Finished(ticket="A001", counter="1", at=AT)).ticket is None
    assert called.apply(e.NoShow(ticket="A001", counter="1", at=AT)).ticket is None
    moved = e.Transferred(ticket="A001", counter="1", service="t", keep_arrival=True, at=AT)
    assert called.apply(moved).ticket is None
    other = e.Called(ticket="B001", counter="3", counter_name="3", service="t", recall=False, at=AT)
    assert called.apply(other).ticket == "A001"


def test_back_at_is_local_time_then_soon_once_passed() -> None:
    desk = Desk("1", "1", "paused", back_at="2026-11-25T09:15:00Z")
    assert desk.back("Europe/Riga", NOW) == "11:15"
    assert desk.back("Europe/Riga", datetime(2026, 11, 25, 9, 15, tzinfo=UTC)) == ""
    assert Desk("1", "1", "paused").back("Europe/Riga", NOW) is None
    assert Desk("1", "1", "open", back_at="2026-11-25T09:15:00Z").back("Europe/Riga", NOW) is None
    assert Desk("1", "1", "paused", back_at="soon!").back("Europe/Riga", NOW) is None


async def test_only_a_new_number_lights_the_sign_up_not_the_language_or_the_first_picture() -> None:
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield WindowSign(60.0)

    app = One()
    async with app.run_test() as pilot:
        sign = app.query_one(WindowSign)
        sign.sign = Sign("Savienojas…")
        sign.sign = Sign("Lodziņš 1", ("A001",), "called")  # the first picture: an old call
        await pilot.pause()
        assert not sign.has_class("-fresh")
        sign.sign = Sign("Окно 1", ("A001",), "called")  # the language's turn
        await pilot.pause()
        assert not sign.has_class("-fresh")
        sign.sign = Sign("Окно 1", ("A002",), "called")
        await pilot.pause()
        assert sign.has_class("-fresh") and sign.has_class("-called")
