"""Names from the centre's config (the centre, the tablet's counter, the reasons) are shown as
typed on the tablet, never read as Textual markup (`[/b]` would stop the app with a
MarkupError, and `[@click=app.quit]x[/]` would be a link that quits it)."""

from __future__ import annotations

from pathlib import Path

from server.config import loads
from tests.conftest import Clock
from tests.feedback.helpers import TABLETS_TOML, finish_visit, make_tablet, ratings
from tests.server.harness import start_server
from tests.ui import showing

CENTRE = "[@click=app.quit]Testa[/] centrs"
COUNTER = "[/b]1"
REASON = "[b]Gaidīju[/b] [/i]"
HOSTILE = {
    'lv = "Testa centrs"': f'lv = "{CENTRE}"',
    '[[counters]]\nid = "1"\nname = "1"': f'[[counters]]\nid = "1"\nname = "{COUNTER}"',
}
REASONS = f"""
[feedback.reasons.waited]
lv = "{REASON}"
ru = "{REASON}"
en = "{REASON}"
"""


async def test_names_that_look_like_markup_are_shown_as_typed(db_path: Path, clock: Clock) -> None:
    toml = TABLETS_TOML
    for plain, hostile in HOSTILE.items():
        assert plain in toml
        toml = toml.replace(plain, hostile)
    async with start_server(loads(toml + REASONS), db_path, clock) as running:
        app = make_tablet(running, "f1")
        async with app.run_test(size=(80, 24)) as pilot:
            await showing(pilot, CENTRE)
            await finish_visit(running, "c1")
            await showing(pilot, f"Jūsu apmeklējums pie {COUNTER}. loga")
            await pilot.click("#face-1")
            await showing(pilot, REASON)
            await pilot.click("#reason-0")
            await showing(pilot, "Jūsu vērtējums ir saglabāts.")
        [rating] = await ratings(running)
        assert (rating.score, rating.reason) == (1, "waited")
