"""What a regional office looks at: two live centres (one over its target) and one that is
not there, as a picture, with a frozen clock: on a wide terminal, and on an 80x24 one where
every column still shows (the long service's name under its wait, the reason wrapped)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.counter.threaded import server_thread
from tests.server.harness import Running, device
from tests.ui import screen_text, until
from tests.watch.fakes import nobody, watching
from watch.app import WatchApp

LONG_TAX = "Nodokļi un Elektroniskās deklarēšanas sistēma"


@pytest.mark.parametrize(
    ("size", "tax", "whole"),
    [
        ((130, 12), "Nodokļi", ("Nodokļi !", "nav sasniedzams: savienojums atteikts")),
        # The tax service's name runs on, cut under its wait; the reason wraps.
        ((80, 24), LONG_TAX, ("min !", "Nodokļi un Elek…", "savienojums")),
    ],
    ids=["wide", "80x24"],
)
def test_three_centres(
    snap_compare: Any,
    tmp_path: Path,
    clock: Clock,
    size: tuple[int, int],
    tax: str,
    whole: tuple[str, ...],
) -> None:
    config = loads(centre_toml().replace('lv = "Nodokļi"', f'lv = "{tax}"'))
    start = clock.now

    async def busy(running: Running) -> None:
        async with device(running, "k1") as kiosk, device(running, "c1") as counter:
            for minutes, service in ((0, "social"), (4, "tax"), (9, "social"), (15, "tax")):
                clock.now = start + timedelta(minutes=minutes)
                await kiosk.ok("take_ticket", service=service)
            await counter.ok("call_next")
        clock.now = start + timedelta(minutes=26, seconds=40)

    async def quiet(running: Running) -> None:
        async with device(running, "k1") as kiosk, device(running, "c2") as counter:
            await kiosk.ok("take_ticket", service="social")
            await counter.ok("call_next")  # nobody left waiting; counter 2 open

    async def read(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, WatchApp)
        await until(pilot, lambda: all(s.read_at or s.failure for s in app.board.centres.values()))
        # The table widens its columns when it is next idle, after the cells have changed:
        # the picture is taken once the widest cells show whole.
        await until(
            pilot,
            lambda: all(text in screen_text(app) for text in (*whole, "neviens negaida")),
            what="the columns widened",
        )

    with (
        server_thread(config, tmp_path / "valka.db", clock, busy) as valka,
        server_thread(config, tmp_path / "cesis.db", clock, quiet) as cesis,
    ):
        centres = (watching(valka, "Valka"), watching(cesis, "Cēsis"), nobody("Ogre"))
        app = WatchApp(centres, "lv", clock=clock, tz=ZoneInfo("Europe/Riga"), every_s=3600)
        assert snap_compare(app, terminal_size=size, run_before=read)
