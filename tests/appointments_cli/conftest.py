"""Fixtures of the appointment command tests: the centre file, the database, and the clock
the command reads (the same made-up instant a test server runs on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import cli_appointments
from tests.appointments_cli.helpers import booking_toml
from tests.conftest import Clock


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(booking_toml(), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "rinda.db"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Wednesday 25.11.2026, 11:00 in Riga, for the command and any test server alike."""
    now = Clock()
    monkeypatch.setattr(cli_appointments, "utc_now", now)
    return now
