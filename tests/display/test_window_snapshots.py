"""The window display above counter 1 as people see it: a number called there, a pause with
"back at", closed (in Russian), on a small screen and a big one. A frozen clock: 11:00 in
Riga."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from display.app import DisplayApp
from tests.display.helpers import frozen
from tests.display.test_snapshots import server_thread
from tests.display.test_zones_and_windows import sign
from tests.server.harness import Running, device
from tests.ui import until


async def called(running: Running) -> None:
    async with device(running, "k1") as kiosk, device(running, "c1") as c1:
        for _ in range(12):
            await kiosk.ok("take_ticket", service="social")
        await c1.ok("call_next")


async def paused(running: Running) -> None:
    async with device(running, "c1") as c1:
        await c1.ok("call_next")  # opens it: nobody waits
        await c1.ok("pause", reason="break", minutes=30)


async def closed(running: Running) -> None:
    return None


STATES = {
    "called": (called, "lv", ("Lodziņš 1", "A001")),
    "paused": (paused, "lv", ("Lodziņš 1 · Pauze — atpakaļ 11:30", "Pauze", "11:30")),
    "closed": (closed, "ru", ("Окно 1", "Закрыто")),
}


@pytest.mark.parametrize(
    ("state", "size"),
    [("called", (40, 12)), ("called", (120, 36)), ("paused", (60, 20)), ("closed", (60, 20))],
)
def test_window_display(
    snap_compare: Any, db_path: Path, state: str, size: tuple[int, int]
) -> None:
    setup, lang, shown = STATES[state]
    with server_thread(db_path, setup) as running:
        app = DisplayApp(running.url, clock=frozen, counter="1", first_lang=lang, cycle_s=0)

        async def run_before(pilot: Any) -> None:
            await until(pilot, lambda: sign(app) == shown, what=f"the sign {shown}")

        assert snap_compare(app, terminal_size=size, run_before=run_before)
