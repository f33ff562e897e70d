"""The counter fits the pane `rinda demo` gives it: side by side at 150 x 40 the counter's pane
is 73 columns by 17 lines (the narrowest it gets; the tab layout gives the terminal's width
less 2). There, in every language, each button and each key the footer lists is drawn whole,
and so are the visitor, the sentence about what happened and the sign-in form."""

from __future__ import annotations

import pytest

from server.i18n import Catalog
from tests.conftest import Clock
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device
from tests.ui import painted, showing, until

DEMO_PANE = (73, 17)
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
}
# With a visitor called, five keys work: the most the footer ever lists.
WORKING = ("f3", "f4", "f5", "f6", "f7")


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
