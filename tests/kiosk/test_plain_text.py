"""Names from the centre's config (centre, institutions, services, priorities) are shown as
typed on every kiosk screen, never read as Textual markup: `[/b]` once stopped the kiosk with
a MarkupError, and `[@click=app.quit]x[/]` was a link that quit it."""

from __future__ import annotations

from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.kiosk.helpers import make_kiosk, text
from tests.server.harness import start_server
from tests.ui import painted, screen_text, showing

CENTRE = "[@click=app.quit]Testa[/] centrs"
MUNI = "[/b]Pašvaldība"
STATE = "[b]Valsts[/b] [/i]"
SOCIAL = "Sociālie [/u]pakalpojumi"
SENIOR = "[b]Seniori[/b] [@click=app.quit]x[/]"
HOSTILE = {
    'lv = "Testa centrs"': f'lv = "{CENTRE}"',
    'lv = "Pašvaldība"': f'lv = "{MUNI}"',
    'lv = "Sociālie pakalpojumi"': f'lv = "{SOCIAL}"',
    'lv = "Seniori"': f'lv = "{SENIOR}"',
    # Taxes move to a second institution, so the services are grouped under their names.
    'prefix = "B"\ninstitution = "muni"': 'prefix = "B"\ninstitution = "state"',
}
STATE_TOML = f"""
[[institutions]]
id = "state"
name = {{ lv = "{STATE}", ru = "{STATE}", en = "{STATE}" }}
"""


async def test_names_that_look_like_markup_are_shown_as_typed(db_path: Path, clock: Clock) -> None:
    toml = centre_toml()
    for plain, hostile in HOSTILE.items():
        assert plain in toml
        toml = toml.replace(plain, hostile)
    async with start_server(loads(toml + STATE_TOML), db_path, clock) as running:
        app = make_kiosk(running)
        async with app.run_test(size=(100, 40)) as pilot:
            await showing(pilot, CENTRE)
            # A click on every cell of the centre's name as drawn: nothing there is a link.
            lines = painted(app)
            y = next(y for y, line in enumerate(lines) if "centrs" in line)
            drawn = lines[y].strip()
            x = lines[y].index(drawn)
            for dx in range(len(drawn)):
                await pilot.click(offset=(x + dx, y))
            assert app.return_code is None, "the centre's name quit the kiosk"
            await pilot.click("#lang-lv")
            await showing(pilot, "Izvēlieties pakalpojumu")
            shows = screen_text(app)
            for name in (MUNI, STATE, SOCIAL):
                assert name in shows, shows
            await pilot.click("#svc-social")
            await showing(pilot, "Vai jums ir prioritāte?")
            assert SENIOR in screen_text(app)
            await pilot.click("#prio-senior")
            await showing(pilot, "Jūsu numurs")
            assert text(app, "#service") == SOCIAL
            assert text(app, "#number-plain") == "A001"
            assert app.return_code is None  # still running
