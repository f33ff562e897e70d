"""What a visitor with a booking sees, at 80×24: the start page with "I have an appointment",
the code page, a lapsed booking, and an appointment's ticket (see test_snapshots.py for how
the server runs beside `snap_compare`)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot

from server.config import CentreConfig, loads
from tests.conftest import Clock
from tests.kiosk.helpers import make_kiosk
from tests.kiosk.test_appointments import BOOKABLE, book
from tests.kiosk.test_snapshots import threaded
from tests.server.harness import Running
from tests.ui import showing

__all__ = ["threaded"]  # the fixture, with this module's bookable centre


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch) -> CentreConfig:
    # A checked-in ticket's status link (its QR) holds a token the booking desk makes.
    fixed = SimpleNamespace(
        token_urlsafe=lambda _n: "Snapshot-Token",
        token_hex=secrets.token_hex,
        choice=secrets.choice,
    )
    monkeypatch.setattr("server.net.bookings.secrets", fixed)
    return loads(BOOKABLE)


def test_start(threaded: Running, snap_compare: Any) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await showing(pilot, "Man ir pieraksts")
        await pilot.pause()

    assert snap_compare(make_kiosk(threaded), run_before=run)


@pytest.mark.parametrize("lang", ["lv", "ru"])
def test_code_page(threaded: Running, snap_compare: Any, lang: str) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await showing(pilot, "Man ir pieraksts")
        await pilot.click("#appointment")
        await pilot.click(f"#code-lang-{lang}")
        await showing(pilot, {"lv": "Ievadiet pieraksta kodu", "ru": "Введите код записи"}[lang])
        await pilot.press(*"K7M4")
        await showing(pilot, "K7M 4__")
        await pilot.pause()

    assert snap_compare(make_kiosk(threaded), run_before=run)


def test_lapsed(threaded: Running, snap_compare: Any, clock: Clock) -> None:
    async def run(pilot: Pilot[None]) -> None:
        code, start = await book(threaded)
        clock.now = start + timedelta(minutes=11)
        await showing(pilot, "Man ir pieraksts")
        await pilot.press(*code, "enter")
        await showing(pilot, "ir nokavēts")
        await pilot.pause()

    assert snap_compare(make_kiosk(threaded), run_before=run)


def test_appointment_ticket(threaded: Running, snap_compare: Any) -> None:
    async def run(pilot: Pilot[None]) -> None:
        code, _start = await book(threaded)
        await showing(pilot, "Man ir pieraksts")
        await pilot.press(*code, "enter")
        await showing(pilot, "Lūdzu, atcerieties savu numuru")  # no printer: printed
        await pilot.pause()

    assert snap_compare(make_kiosk(threaded), run_before=run)
