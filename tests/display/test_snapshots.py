"""The main screen as people see it, at a small terminal and a big one.

Deterministic: a frozen clock (11:00 in Riga, Latvian labels, the notice at a fixed offset) and
a real server on port 0 — run on its own thread, since `snap_compare` runs the app in its own
event loop — holding a fixed morning: some calls made, some visitors waiting.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot

from display.app import DisplayApp
from server.config import loads
from server.i18n import Catalog
from tests.conftest import Clock, centre_toml
from tests.display.helpers import frozen
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, until

T = TypeVar("T")

TAXES = 'name = { lv = "Nodokļi", ru = "Налоги", en = "Taxes" }'
# A burst of nine tickets from one kiosk is over the default rate limit; taxes take bookings.
CENTRE = (
    centre_toml(limits="kiosk_burst = 20").replace(
        TAXES, f"{TAXES}\nbooking = {{ slot_min = 15 }}", 1
    )
    + """
[display]
history = 4

[display.notice]
lv = "Lūdzu, sagatavojiet personu apliecinošu dokumentu."
ru = "Приготовьте документ."
en = "Please have your ID ready."
"""
)


@contextmanager
def server_thread(
    db_path: Path, setup: Callable[[Running], Awaitable[None]] | None = None
) -> Iterator[Running]:
    """The centre served on its own thread, after `setup` (default: the fixed morning)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def call(coro: Awaitable[T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(30)  # type: ignore[arg-type]

    server = start_server(loads(CENTRE), db_path, Clock())
    running = call(server.__aenter__())
    try:
        call((setup or _morning)(running))
        yield running
    finally:
        # `snap_compare` ends the app's event loop without waiting for its socket to close;
        # collecting the abandoned connection closes it, so the server need not wait for a
        # closing handshake that can never come.
        gc.collect()
        call(server.__aexit__(None, None, None))
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


async def _morning(running: Running) -> None:
    """Six calls across three counters, then two visitors with appointments (11:15 and 11:30,
    both early) called by number at counter 3, the second the newest call; three people still
    waiting."""
    running.use_estimator("naive")  # the wait column stays put when the default changes
    async with (
        device(running, "k1") as kiosk,
        device(running, "c1") as c1,
        device(running, "c2") as c2,
        device(running, "c3") as c3,
    ):
        for service in ("social", "social", "tax", "social", "tax", "social"):
            await kiosk.ok("take_ticket", service=service)
        for counter in (c2, c3, c2, c3, c2):
            ticket = (await counter.ok("call_next"))["ticket"]["number"]
            await counter.ok("finish", ticket=ticket)
        await c1.ok("call_next")
        booked = []
        for start in ("2026-11-25T09:15:00Z", "2026-11-25T09:30:00Z"):
            code = (await c3.ok("book", service="tax", start=start))["booking"]["code"]
            booked.append((await kiosk.ok("check_in", code=code))["ticket"]["number"])
        # Early, so the clerk calls them by number (call_next waits for their time).
        await c3.ok("call_ticket", ticket=booked[0])
        await c3.ok("finish", ticket=booked[0])
        await c3.ok("call_ticket", ticket=booked[1])
        for service in ("social", "social", "tax"):
            await kiosk.ok("take_ticket", service=service)
    running.settle()


def _ready(app: DisplayApp) -> Callable[[Pilot[Any]], Awaitable[None]]:
    reconnecting = Catalog("display").t("lv", "reconnecting")

    def online() -> bool:
        shown = screen_text(app)
        return "Testa centrs" in shown and reconnecting not in shown

    async def run_before(pilot: Pilot[Any]) -> None:
        await until(pilot, online, what="the morning's picture, online")

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_main_screen(snap_compare: Any, db_path: Path, size: tuple[int, int]) -> None:
    with server_thread(db_path) as running:
        app = DisplayApp(running.url, clock=frozen)
        assert snap_compare(app, terminal_size=size, run_before=_ready(app))
