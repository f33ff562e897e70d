"""Names and the notice from the centre's config, and counter names in calls, are shown as
typed, never read as Textual or Rich markup: `[/b]` once stopped the display with a
MarkupError, and `[@click=app.quit]x[/]` would have been a link."""

from __future__ import annotations

from pathlib import Path

from display.app import DisplayApp
from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.display.helpers import banner, frozen
from tests.server.harness import device, start_server
from tests.ui import showing, until

HOSTILE = {
    'lv = "Testa centrs"': 'lv = "[b]Testa[/b] centrs [/i]"',
    'lv = "Sociālie pakalpojumi"': 'lv = "[/b]Sociālie"',
    'lv = "Nodokļi"': 'lv = "[@click=app.quit]Nodokļi[/]"',
    'name = "1"': 'name = "[b]1[/b]"',
    'name = "2"': 'name = "[/b]2"',
}
NOTICE = '[display]\nnotice = { lv = "[/b] [@click=app.quit]x[/]", ru = "[/b]", en = "[/b]" }\n'


async def test_names_and_the_notice_that_look_like_markup_are_shown_as_typed(
    db_path: Path, clock: Clock
) -> None:
    toml = centre_toml()
    for plain, hostile in HOSTILE.items():
        toml = toml.replace(plain, hostile)
    async with start_server(loads(toml + NOTICE), db_path, clock) as running:
        app = DisplayApp(running.url, clock=frozen, backoff_initial=0.05)
        async with app.run_test(size=(160, 48)) as pilot:
            await showing(pilot, "[b]Testa[/b] centrs [/i]")
            await showing(pilot, "A  [/b]Sociālie")
            await showing(pilot, "B  [@click=app.quit]Nodokļi[/]")
            await showing(pilot, "[/b] [@click=app.quit]x[/]")  # the notice, scrolling
            async with device(running, "k1") as kiosk:
                for _ in range(2):
                    await kiosk.ok("take_ticket", service="social")
            async with device(running, "c1") as c1, device(running, "c2") as c2:
                await c1.ok("call_next")
                await until(pilot, lambda: banner(app) == "A001 → [b]1[/b]")
                await c2.ok("call_next")
                await until(pilot, lambda: banner(app) == "A002 → [/b]2")
            await showing(pilot, "A002 → [/b]2")  # the newest, big (as text: no block font)
            lines = await showing(pilot, "[b]1[/b]")  # the earlier call, in the list
            assert any("A001" in line and "[b]1[/b]" in line for line in lines), lines
            assert app.return_code is None  # still running
