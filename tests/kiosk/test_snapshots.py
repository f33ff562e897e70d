"""What the visitor sees, screen by screen, in Latvian and Russian at 80×24.

`snap_compare` runs the app in its own event loop, so the server runs in a thread with its
own loop here; its clock is frozen and ticket tokens are fixed, so every picture is the same
on every run (`--snapshot-update` after a deliberate change).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.app import KioskApp
from server.config import CentreConfig
from server.net.app import RindaServer
from server.store.errors import StoreError
from server.store.tokens import add_token
from tests.conftest import Clock
from tests.kiosk.helpers import make_kiosk, open_services
from tests.server.harness import Running, device
from tests.ui import showing


async def _start(config: CentreConfig, db_path: Path, clock: Clock) -> Running:
    server = RindaServer(config, db_path, clock=clock)
    port = await server.start("127.0.0.1", 0)
    tokens = {d: await add_token(server.store, "kiosk", d) for d in ("k1", "k2")}
    tokens["m1"] = await add_token(server.store, "manager", "m1")  # books appointments
    running = Running(server, port, tokens)
    running.use_estimator("naive")  # the waits shown stay put when the default changes
    async with device(running, "k2") as other:  # two visitors already waiting for social
        await other.ok("take_ticket", service="social")
        await other.ok("take_ticket", service="social")
    return running


@pytest.fixture
def threaded(
    config: CentreConfig, db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Running]:
    # The status link (and so the on-screen QR) holds the ticket's token: fix it here only.
    fixed = SimpleNamespace(token_urlsafe=lambda _n: "Snapshot-Token")
    monkeypatch.setattr("server.net.requests.secrets", fixed)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    running = asyncio.run_coroutine_threadsafe(_start(config, db_path, clock), loop).result(30)
    try:
        yield running
    finally:
        asyncio.run_coroutine_threadsafe(running.server.close(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


QUESTION = {"lv": "Vai jums ir prioritāte?", "ru": "У вас есть право на приоритет?"}
REMEMBER = {"lv": "Lūdzu, atcerieties savu numuru", "ru": "Пожалуйста, запомните свой номер"}


def visit(lang: str, *, service: str | None = None, priority: str | None = None) -> Any:
    """A run_before that walks a visit as far as asked, waiting for each screen."""

    async def run(pilot: Pilot[None]) -> None:
        if lang:
            await open_services(pilot, lang)
        else:
            await showing(pilot, "Testa centrs")
        if service:
            await pilot.click(f"#svc-{service}")
            await showing(pilot, QUESTION[lang])
        if priority:
            await pilot.click(f"#prio-{priority}")
            await showing(pilot, REMEMBER[lang])  # no printer: printing has finished
        await pilot.pause()

    return run


def test_start(threaded: Running, snap_compare: Any) -> None:
    assert snap_compare(make_kiosk(threaded), run_before=visit(""))


@pytest.mark.parametrize("lang", ["lv", "ru"])
def test_services(threaded: Running, snap_compare: Any, lang: str) -> None:
    assert snap_compare(make_kiosk(threaded), run_before=visit(lang))


@pytest.mark.parametrize("lang", ["lv", "ru"])
def test_priority(threaded: Running, snap_compare: Any, lang: str) -> None:
    assert snap_compare(make_kiosk(threaded), run_before=visit(lang, service="social"))


@pytest.mark.parametrize("lang", ["lv", "ru"])
def test_ticket(threaded: Running, snap_compare: Any, lang: str) -> None:
    app = make_kiosk(threaded)
    assert snap_compare(app, run_before=visit(lang, service="social", priority="none"))


def test_offline(snap_compare: Any) -> None:
    async def offline(pilot: Pilot[None]) -> None:
        await showing(pilot, "Lūdzu, vērsieties pie informācijas galda.")
        await pilot.pause()

    # Nothing listens on port 9 (discard) on the test machine: the kiosk cannot connect.
    app = KioskApp("ws://127.0.0.1:9/ws", "token", backoff_initial=0.05, backoff_max=0.2)
    assert snap_compare(app, run_before=offline)


def test_offline_storage(
    threaded: Running, snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server is up but cannot save: the visitor's tap issued nothing, and it says so."""

    async def append(*_args: Any, **_kwargs: Any) -> int:
        raise StoreError("The database file has become read-only.")

    async def check(*_args: Any, **_kwargs: Any) -> bool:
        return False

    monkeypatch.setattr(threaded.server.store, "append", append)
    monkeypatch.setattr(threaded.server.store, "check", check)

    async def storage(pilot: Pilot[None]) -> None:
        await visit("lv", service="social")(pilot)
        await pilot.click("#prio-none")
        await showing(pilot, "Biļete netika izsniegta")
        await pilot.pause()

    assert snap_compare(make_kiosk(threaded), run_before=storage)


def test_services_stopped_by_a_manager(threaded: Running, snap_compare: Any) -> None:
    """A manager stopped "tax": its button says closed, with the manager's words, greyed."""

    async def stopped(pilot: Pilot[None]) -> None:
        async with device(threaded, "m1") as manager:
            await manager.ok("stop_issuing", service="tax", reason="Sistēma nedarbojas")
        await open_services(pilot, "lv")
        await showing(pilot, "Slēgts · Sistēma nedarbojas")
        await pilot.pause()

    assert snap_compare(make_kiosk(threaded), run_before=stopped)
