"""What a visitor who joined the queue from home sees at the kiosk, at 80×24: the start page
offering check-in for tickets taken online, their ticket once checked in, and a place that
lapsed (the server on its own thread: see tests/counter/threaded.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from server.config import loads
from tests.conftest import Clock
from tests.counter.harness import register_clerk
from tests.counter.threaded import server_thread
from tests.kiosk.helpers import make_kiosk
from tests.server.harness import Running, device
from tests.server.joined import join, remote_toml
from tests.ui import showing

START = "Man ir pieraksts vai biļete tiešsaistē"


async def joined(running: Running) -> None:
    running.use_estimator("naive")  # the waits shown stay put when the default changes
    clock = running.server.owner.clock
    await join(running, "RMT234")
    async with device(running, "k2") as other:
        await other.ok("take_ticket", service="social")
    assert isinstance(clock, Clock)
    clock.now += timedelta(minutes=20)


async def lapsed(running: Running) -> None:
    await joined(running)
    await register_clerk(running)
    async with device(running, "c1") as counter:
        await counter.ok("sign_in", clerk="anna", pin="4821")
        await counter.ok("call_next")  # the walk-in; the ticket from home is passed over
    clock = running.server.owner.clock
    assert isinstance(clock, Clock)
    clock.now += timedelta(minutes=16)
    await running.server.chores.every_tick()


def test_start(snap_compare: Any, db_path: Path, clock: Clock) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await showing(pilot, START)
        await pilot.pause()

    with server_thread(loads(remote_toml()), db_path, clock, joined) as running:
        assert snap_compare(make_kiosk(running), run_before=run)


def test_checked_in_ticket(snap_compare: Any, db_path: Path, clock: Clock) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await showing(pilot, START)
        await pilot.press(*"RMT234", "enter")
        await showing(pilot, "Reģistrēts · rindā kopš 11:00")
        await pilot.pause()

    with server_thread(loads(remote_toml()), db_path, clock, joined) as running:
        assert snap_compare(make_kiosk(running), run_before=run)


def test_place_lapsed(snap_compare: Any, db_path: Path, clock: Clock) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await showing(pilot, START)
        await pilot.click("#appointment")
        await pilot.click("#code-lang-ru")
        await showing(pilot, "Введите код записи или талона")
        await pilot.press(*"RMT234")
        await pilot.click("#ok")
        await showing(pilot, "Ваше место в очереди пропало")
        await pilot.pause()

    with server_thread(loads(remote_toml()), db_path, clock, lapsed) as running:
        assert snap_compare(make_kiosk(running), run_before=run)
