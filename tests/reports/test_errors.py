"""Every report that cannot be made is a ReportError with one line naming why, and reading
never changes the database."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from server.config import CentreConfig
from server.reports.engine import ReportError, build_reports
from tests.reports.helpers import LogBuilder, local, report

D = date(2026, 11, 2)


@pytest.fixture
async def one_day(log: LogBuilder, log_path: Path) -> Path:
    a1 = log.take("social", local(D, 9))
    log.serve("1", a1, local(D, 9, 5), local(D, 9, 10))
    await log.save(log_path)
    return log_path


def refused(
    path: Path, config: CentreConfig, first: date, last: date, *by: str, **kw: object
) -> str:
    with pytest.raises(ReportError) as info:
        build_reports(path, config, first, last, list(by) or ["service"], now=local(D, 23), **kw)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    return message


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_period_that_cannot_be_reported(one_day: Path, config: CentreConfig) -> None:
    before = digest(one_day)
    later = D + timedelta(days=3)
    assert refused(one_day, config, later, D) == (
        "The period starts on 2026-11-05 after it ends on 2026-11-02."
    )
    assert refused(one_day, config, D - timedelta(days=400), D) == (
        "The period is 401 days long; a report covers at most 400."
    )
    assert refused(one_day, config, D + timedelta(days=1), later) == (
        "No ticket was taken from 2026-11-03 to 2026-11-05."
    )
    assert refused(one_day, config, D, D, weekday=2) == (
        "No ticket was taken from 2026-11-02 to 2026-11-02 on a Tuesday."
    )
    assert refused(one_day, config, D, D, "clerk") == (
        "Figures per clerk are switched off in this centre ([reports] per_clerk = false)."
    )
    assert refused(one_day, config, D, D, "colour") == (
        'There is no grouping "colour": use one of service, institution, counter, clerk, '
        "hour, weekday, priority, day."
    )
    assert refused(one_day, config, D, D, "x" * 5000).startswith('There is no grouping "xxx')
    assert len(refused(one_day, config, D, D, "x" * 5000)) < 200
    assert refused(one_day, config, D, D, lang="de") == (
        'There is no language "de": use lv, ru or en.'
    )
    assert digest(one_day) == before
    # 400 days is allowed, and the one day with a ticket answers.
    assert report(one_day, config, D - timedelta(days=399), D).total.tickets == 1


async def test_per_clerk_figures_once_allowed(one_day: Path, clerks_config: CentreConfig) -> None:
    r = report(one_day, clerks_config, D, D, "clerk")
    # Counters opened without signing in: the visit had no clerk.
    assert [(f.key, f.label, f.served) for f in r.rows] == [("", "bez darbinieka", 1)]


def test_no_database(tmp_path: Path, config: CentreConfig) -> None:
    missing = tmp_path / "nothing.db"
    assert refused(missing, config, D, D) == f"There is no database at {missing}."
    assert not missing.exists()
