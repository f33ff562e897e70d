"""A manager's notice line on a real display against a real server: it replaces the config's
notice live, stays after a reconnect, is shown as typed (never markup), and clearing it
brings the config's notice back."""

from __future__ import annotations

from pathlib import Path

from display.app import DisplayApp
from display.widgets.notice import Notice
from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.display.helpers import frozen
from tests.server.harness import device, start_server
from tests.ui import showing, until

CONFIGURED = (
    '[display]\nnotice = { lv = "Laipni lūdzam", ru = "Добро пожаловать", en = "Welcome" }\n'
)
MANAGERS = "Kase [b]strādā[/b] līdz 15:00"


def notice(app: DisplayApp) -> str:
    """The text the notice line scrolls (the ticker shows only part of it at a time)."""
    return app.screen.query_one(Notice).text


async def test_the_managers_notice_reaches_the_display_live_and_after_a_reconnect(
    db_path: Path, clock: Clock
) -> None:
    async with start_server(loads(centre_toml() + CONFIGURED), db_path, clock) as running:
        app = DisplayApp(running.url, clock=frozen, backoff_initial=0.05)
        async with app.run_test(size=(160, 48)) as pilot, device(running, "m1") as manager:
            await until(pilot, lambda: notice(app) == "Laipni lūdzam", what="the config's notice")
            await manager.ok("set_notice", text=MANAGERS)
            await until(pilot, lambda: notice(app) == MANAGERS, what="the manager's notice")
            await showing(pilot, MANAGERS)  # drawn as typed, the brackets included
            await manager.ok("set_notice", text="")
            await until(pilot, lambda: notice(app) == "Laipni lūdzam", what="the config's again")
            await manager.ok("set_notice", text="Šodien slēgts no 14:00")
        later = DisplayApp(running.url, clock=frozen, backoff_initial=0.05)
        async with later.run_test(size=(160, 48)) as pilot:
            await until(pilot, lambda: notice(later) == "Šodien slēgts no 14:00")
            assert later.return_code is None
