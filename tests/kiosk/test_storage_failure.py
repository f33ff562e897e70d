"""The server is up but cannot save (`storage_failed`: a read-only or full disk): the kiosk
shows its offline screen, saying no ticket was issued, and comes back by itself once the
server can save again. The real-disk version of this is in tests/ops/test_disk_faults.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.widgets import Button

import kiosk.pages.offline
from server.store.errors import StoreError
from tests.kiosk.helpers import make_kiosk, open_services, text, to_ticket
from tests.server.harness import Running
from tests.ui import screen_text, showing, until

STORAGE_WORDS = (
    "Biļete netika izsniegta",
    "Талон не выдан",
    "No ticket was issued",
)


class BrokenDisk:
    """The store refuses every write, as on a read-only or full disk: appends raise, and the
    /health write check fails. `checks` counts the /health checks (the kiosk's probes)."""

    def __init__(self, running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
        self.store = running.server.store
        self.monkeypatch = monkeypatch
        self.checks = 0
        self.checked = asyncio.Event()
        self.real = (self.store.append, self.store.check)

    def break_(self) -> None:
        async def append(*_args: Any, **_kwargs: Any) -> int:
            raise StoreError("The database file has become read-only.")

        async def check(*_args: Any, **_kwargs: Any) -> bool:
            self.checks += 1
            self.checked.set()
            return False

        self.monkeypatch.setattr(self.store, "append", append)
        self.monkeypatch.setattr(self.store, "check", check)

    def repair(self) -> None:
        self.monkeypatch.setattr(self.store, "append", self.real[0])
        self.monkeypatch.setattr(self.store, "check", self.real[1])

    async def until_checked(self, times: int) -> None:
        async with asyncio.timeout(10):
            while self.checks < times:
                self.checked.clear()
                await self.checked.wait()


QUESTION = {"lv": "Vai jums ir prioritāte?", "ru": "У вас есть право на приоритет?"}
QUESTION["en"] = "Do you have priority?"


async def _tap_a_ticket(pilot: Any, lang: str) -> None:
    await open_services(pilot, lang)
    await pilot.click("#svc-social")
    await showing(pilot, QUESTION[lang])
    await pilot.click("#prio-none")


def _storage_screen(pilot: Any) -> bool:
    return all(words in screen_text(pilot.app) for words in STORAGE_WORDS)


async def test_a_server_that_cannot_save_shows_the_offline_screen_until_it_can(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = BrokenDisk(running, monkeypatch)
    app = make_kiosk(running, storage_probe_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        disk.break_()
        visit_id = app.visit.request_id
        await _tap_a_ticket(pilot, "ru")
        await until(pilot, lambda: _storage_screen(pilot))
        assert "Ваш номер" not in screen_text(app)
        assert app.visit.request_id != visit_id  # answered: nothing was issued under the old id
        assert app.link_state == "online"  # the link is fine; only saving is not

        # The kiosk keeps asking; while the server still cannot save it stays, and there is
        # nothing a visitor could tap to start a visit.
        await disk.until_checked(3)
        await pilot.pause()
        assert _storage_screen(pilot)
        assert not app.query_one("#offline-page").query(Button)
        await pilot.click("#offline-page")
        await pilot.press("enter")
        assert _storage_screen(pilot)

        disk.repair()
        await showing(pilot, "Latviešu")
        assert app.visit.lang == "lv"
        await to_ticket(pilot)
        assert text(app, "#number-plain") == "A001"  # the refused try took no number
    assert list(running.server.owner.centre.state.tickets) == ["A001"]


async def test_without_a_readable_health_the_next_visitor_is_the_probe(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A /health the kiosk cannot read (say a proxy hides it) must not keep the kiosk offline
    forever: after a few blind probes it goes back to the start, and the next visitor's
    take_ticket either works or brings the offline screen back, issuing nothing."""
    # Ten blind probes, 50 ms apart: the storage screen stays up long enough (at least half a
    # second) for the test to see it even on a loaded machine, where two went by unseen.
    monkeypatch.setattr(kiosk.pages.offline, "STORAGE_BLIND_PROBES", 10)
    disk = BrokenDisk(running, monkeypatch)
    app = make_kiosk(running, storage_probe_interval=0.05)
    app.health_url = f"http://127.0.0.1:{running.port}/nothing-here"  # a 404, not JSON
    async with app.run_test(size=(80, 24)) as pilot:
        disk.break_()
        await _tap_a_ticket(pilot, "en")
        await until(pilot, lambda: _storage_screen(pilot))
        await showing(pilot, "Latviešu")
        await _tap_a_ticket(pilot, "lv")
        await until(pilot, lambda: _storage_screen(pilot))
        assert running.server.owner.centre.state.tickets == {}
        disk.repair()
        await showing(pilot, "Latviešu")
        await to_ticket(pilot)
        assert text(app, "#number-plain") == "A001"
    assert disk.checks == 0  # the kiosk never reached the real /health
