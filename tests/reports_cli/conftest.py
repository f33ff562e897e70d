"""Fixtures of the report command tests: the simulated week's database and centre file, and
the clock the command reads (the Monday after the week)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from server import cli_report
from tests.reports_cli.week import build_week, week_toml


@pytest.fixture
async def week(tmp_path: Path) -> Path:
    db = tmp_path / "rinda.db"
    await build_week(db)
    return db


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(week_toml(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def after_the_week(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_report, "utc_now", lambda: datetime(2026, 11, 9, 7, 0, tzinfo=UTC))
