"""Small centres and scenarios for the simulator's tests, and the local clock of a run."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from server.cli import main
from tests.conftest import DAYS, bookable_toml, centre_toml

RIGA = ZoneInfo("Europe/Riga")
# Thursday 26 November 2026: Thursday, Friday, then a closed weekend, then Monday.
THURSDAY = date(2026, 11, 26)


def weekdays_only(text: str, hours: str) -> str:
    """A centre file open `hours` Monday to Friday and closed at the weekend."""
    for d in DAYS:
        text = text.replace(f'{d} = ["00:00-24:00"]', f"{d} = {hours}")
    return text.replace(f"sat = {hours}", "sat = []").replace(f"sun = {hours}", "sun = []")


def centre(
    hours: str = '["09:00-12:00"]', policy: str = "fifo", bookable: bool = False, extra: str = ""
) -> str:
    """The test centre open `hours` on weekdays, with `extra` tables (e.g. `[remote]`)."""
    base = bookable_toml() if bookable else centre_toml(policy=policy)
    text = weekdays_only(base, hours).replace('name = "accumulating"', f'name = "{policy}"')
    return text + extra


def scenario_dir(tmp_path: Path, body: str, **kw: object) -> Path:
    """A scenario file (with `centre_file = "centre.toml"` and the centre beside it)."""
    (tmp_path / "centre.toml").write_text(centre(**kw), encoding="utf-8")  # type: ignore[arg-type]
    path = tmp_path / "scenario.toml"
    path.write_text('centre_file = "centre.toml"\n' + body, encoding="utf-8")
    return path


def local(first: date, s: float) -> datetime:
    """The local wall-clock time `s` seconds into a days run that started on `first`."""
    t0 = datetime.combine(first, time(0), RIGA).astimezone(UTC)
    return (t0 + timedelta(seconds=s)).astimezone(RIGA)


def simulate_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`rinda simulate ARGS` in this process: its exit code, stdout and stderr."""
    try:
        code = main(["simulate", *args])
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
