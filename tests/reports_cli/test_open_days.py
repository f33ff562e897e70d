"""`--by day` and `--by weekday` list every open day (weekday) of the period up to today, a
ticket taken or not, so the rows' arrivals per hour add up to the total's. The clock is
Monday 9 November 2026 (tests/reports_cli/conftest.py); the centre is open 08:00-18:00 every
day of the week."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.reports.helpers import LogBuilder, local
from tests.reports_cli.run import rinda
from tests.reports_cli.week import week_config

TUESDAY = date(2026, 11, 3)


@pytest.fixture
async def one_busy_day(tmp_path: Path) -> Path:
    """Six tickets on Tuesday 3 November, none on any other day."""
    db = tmp_path / "tuesday.db"
    log = LogBuilder(week_config())
    for hour in range(9, 15):
        ticket = log.take("social", local(TUESDAY, hour))
        log.serve("2", ticket, local(TUESDAY, hour, 5), local(TUESDAY, hour, 10))
    await log.save(db)
    return db


def rows_by(
    capsys: pytest.CaptureFixture[bytes], db: Path, centre: Path, by: str
) -> tuple[list[tuple[str, int, float]], float]:
    said = rinda(capsys, "report", "--from", "2026-11-02", "--to", "2026-11-12", "--by", by,
                 "--format", "json", "--db", str(db), "--config", str(centre))  # fmt: skip
    assert said.code == 0, said.err
    (report,) = json.loads(said.out)
    rows = [(r["key"], r["tickets"], r["arrivals_per_hour"]) for r in report["rows"]]
    return rows, report["total"]["arrivals_per_hour"]


def test_every_open_day_up_to_today_is_a_row(
    capsysbinary: pytest.CaptureFixture[bytes], one_busy_day: Path, centre: Path
) -> None:
    """Monday 2 to Thursday 12: today (Monday 9) counts as an open day, Tuesday 10 onwards
    has not come yet. Eight open days of 10 hours: 80 hours."""
    rows, total = rows_by(capsysbinary, one_busy_day, centre, "day")
    assert rows == [
        ("2026-11-02", 0, 0.0),
        ("2026-11-03", 6, 0.6),
        ("2026-11-04", 0, 0.0),
        ("2026-11-05", 0, 0.0),
        ("2026-11-06", 0, 0.0),
        ("2026-11-07", 0, 0.0),
        ("2026-11-08", 0, 0.0),
        ("2026-11-09", 0, 0.0),
    ]
    assert total == pytest.approx(6 / 80)


def test_every_open_weekday_is_a_row(
    capsysbinary: pytest.CaptureFixture[bytes], one_busy_day: Path, centre: Path
) -> None:
    """Two Mondays (2 and 9: 20 hours), one of each other day."""
    rows, total = rows_by(capsysbinary, one_busy_day, centre, "weekday")
    assert rows[:2] == [("1", 0, 0.0), ("2", 6, 0.6)]
    assert rows[2:] == [(str(d), 0, 0.0) for d in range(3, 8)]
    assert total == pytest.approx(6 / 80)
