"""The counter fits the pane `rinda demo` gives it: side by side at 150 x 40 the counter's pane
is 73 columns by 17 lines (the narrowest it gets; the tab layout gives the terminal's width
less 2). There, in every language, each button and each key the footer lists is drawn whole,
and so are the visitor, the sentence about what happened and the sign-in form; and in the
bookings view, the list, the slot finder, a booking's card and the question before a
cancellation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.config import CentreConfig
from server.i18n import Catalog
from tests.conftest import Clock
from tests.counter.booking_kit import FIRST_SLOT, booked, booking_config, open_bookings
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device
from tests.ui import painted, showing, until

DEMO_PANE = (73, 17)


@pytest.fixture
def config() -> CentreConfig:
    return booking_config()


KEYS = {
    "f2": "call_next",
    "f3": "recall",
    "f4": "start",
    "f5": "finish",
    "f6": "no_show",
    "f7": "transfer",
    "f8": "call_number",
    "f9": "pause",
    "f10": "resume",
    "f12": "sign_out",
    "f11": "bookings",
}
# With a visitor called, six keys work: the most the footer ever lists.
WORKING = ("f3", "f4", "f5", "f6", "f7", "f11")


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
async def test_everything_fits_in_the_demo_pane(running: Running, clock: Clock, lang: str) -> None:
    words = Catalog("counter")

    def t(key: str, **values: str) -> str:
        return words.t(lang, key, **values)

    await register_clerk(running)
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    app = counter_app(running, lang=lang, clock=clock)
    async with app.run_test(size=DEMO_PANE) as pilot:
        lines = await showing(pilot, t("sign_in.title", counter="1"))
        for text in (t("sign_in.clerk"), t("sign_in.pin"), t("sign_in.submit")):
            assert any(text in line for line in lines), (text, lines)
        assert t("sign_in.hint").split()[-1] in "\n".join(lines)  # its last word too

        await sign_in(pilot)
        await until(pilot, lambda: app.model.signed_in)
        await pilot.press("f2")
        called = t("notice.called", number="A001")
        lines = await showing(pilot, called)
        assert any(t("serving.ticket_called") in line for line in lines), lines
        for key, action in KEYS.items():
            button = f"{key.upper()} {t(f'keys.{action}')}"
            assert any(button in line for line in lines), (button, lines)
        footer = lines[-1]
        for key in WORKING:
            assert f"{key} {t(f'keys.{KEYS[key]}')}" in footer, footer
        assert painted(app)[0].startswith(" " + t("app.title", counter="1"))


def whole(lines: list[str], *texts: str) -> None:
    for text in texts:
        assert any(text in line for line in lines), (text, lines)


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
async def test_the_bookings_view_fits_in_the_demo_pane(
    running: Running, clock: Clock, lang: str
) -> None:
    words = Catalog("counter")

    def t(key: str, **values: str) -> str:
        return words.t(lang, key, **values)

    await register_clerk(running)
    await booked(running, "K7M4QP", FIRST_SLOT, "Anna Bērziņa", "+371 20000000")
    await booked(running, "W3XR9T", FIRST_SLOT + timedelta(minutes=20))
    app = counter_app(running, lang=lang, clock=clock)
    async with app.run_test(size=DEMO_PANE) as pilot:
        await open_bookings(pilot)
        lines = await showing(pilot, "W3XR9T")
        columns = ("time", "code", "service", "state", "ticket", "name")
        whole(lines, t("bookings.title", day="25.11.2026", n="2"), t("bookings.hint"))
        whole(lines, *(t(f"bookings.{c}") for c in columns))
        whole(lines, "11:20  K7M4QP", t("states.booked"), "Anna")
        footer = [t(f"bookings.{a}") for a in ("new", "move", "cancel", "back")]
        assert painted(app)[-1] == " ".join(
            f"{k} {label}" for k, label in zip(("f2", "f3", "f4", "esc"), footer, strict=True)
        )

        await pilot.press("f4")
        lines = await showing(pilot, t("cancel.hint"))
        whole(lines, t("cancel.title", code="K7M4QP", time="11:20", service=t_tax(lang)))
        whole(lines, t("cancel.yes"), t("cancel.no"))
        await pilot.press("escape")

        await pilot.press("f2")
        await until(pilot, lambda: app.model.appointments.found == "tax")
        today = f"{t('days.today')} 25.11. (36)"
        lines = await showing(pilot, today)
        whole(lines, t("bookings.find_title"), t("bookings.find_hint"), t_tax(lang), "12:00")
        whole(lines, *(t(f"bookings.{c}") for c in ("service", "day", "time")))
        whole(lines, t("bookings.visitor_name"), t("bookings.visitor_contact"))
        whole(lines, f"{t('days.tomorrow')} 26.11. (72)")
        await pilot.press("enter", "enter", "enter", *"Ilze", "enter", "enter")

        lines = await showing(pilot, t("bookings.booked_title"))
        made = app.model.appointments.made
        assert made is not None
        whole(lines, " ".join(made.code), f"{t('bookings.link')}: {made.link}")
        whole(lines, f"{t('bookings.time')}: {t('days.today')} 25.11. 12:00")
        whole(lines, f"{t('bookings.name')}: Ilze", t("bookings.card_hint"))


def t_tax(lang: str) -> str:
    return {"lv": "Nodokļi", "ru": "Налоги", "en": "Taxes"}[lang]
