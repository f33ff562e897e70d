"""Fixtures of the facts tests: the hand-made day's database and centre file, and the clock
`rinda export facts` reads (the morning after the day)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from server import cli_report
from tests.network.facts_log import build_day, centre_text


@pytest.fixture
async def day_db(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "rinda.db"
    return db, await build_day(db)


@pytest.fixture
def centre_file(tmp_path: Path) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(centre_text(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def the_morning_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_report, "utc_now", lambda: datetime(2026, 11, 3, 7, 0, tzinfo=UTC))
