"""What a visitor leaving sees, at 80×24: the faces (on the exit tablet in Latvian, on a
counter's tablet in Russian after a visit there finished) and the reasons.

`snap_compare` runs the app in its own event loop, so the server runs in a thread with its
own loop here (`--snapshot-update` after a deliberate change).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot

from server.config import CentreConfig
from tests.conftest import Clock
from tests.feedback.helpers import finish_visit, make_tablet
from tests.server.harness import Running, start_server
from tests.ui import showing

T = TypeVar("T")


class Threaded:
    """A server running on its own loop in a thread, and a way to run steps on that loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, running: Running) -> None:
        self.loop = loop
        self.running = running

    async def do(self, step: Callable[[Running], Coroutine[Any, Any, T]]) -> T:
        """Run `step(running)` on the server's loop, from the app's."""
        coro = step(self.running)
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))


@pytest.fixture
def threaded(config: CentreConfig, db_path: Path, clock: Clock) -> Iterator[Threaded]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = start_server(config, db_path, clock)
    running = asyncio.run_coroutine_threadsafe(server.__aenter__(), loop).result(30)
    try:
        yield Threaded(loop, running)
    finally:
        asyncio.run_coroutine_threadsafe(server.__aexit__(None, None, None), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_faces(threaded: Threaded, snap_compare: Any) -> None:
    async def faces(pilot: Pilot[None]) -> None:
        await showing(pilot, "Testa centrs")
        await pilot.pause()

    assert snap_compare(make_tablet(threaded.running, "f2"), run_before=faces)


def test_faces_after_a_visit_at_the_counter_in_russian(
    threaded: Threaded, snap_compare: Any
) -> None:
    async def russian(pilot: Pilot[None]) -> None:
        await showing(pilot, "Testa centrs")
        await threaded.do(finish_visit)
        await pilot.click("#lang-ru")
        await showing(pilot, "Вас обслуживали у окна 1")
        await pilot.pause()

    assert snap_compare(make_tablet(threaded.running, "f1"), run_before=russian)


def test_reasons(threaded: Threaded, snap_compare: Any) -> None:
    async def reasons(pilot: Pilot[None]) -> None:
        await showing(pilot, "Testa centrs")
        await pilot.click("#face-2")
        await showing(pilot, "Kas bija galvenais iemesls?")
        await pilot.pause()

    assert snap_compare(make_tablet(threaded.running, "f2"), run_before=reasons)
