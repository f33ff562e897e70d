"""`rinda report --by service` on real days shows how wrong the told waits were: read back
from its CSV, and in the table, where a day from before told waits shows "-" (no figure),
not 0. Monday 2 November 2026 has told waits; Tuesday the 3rd is as an older Rinda logged it."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import pytest

from tests.reports.helpers import LogBuilder, local
from tests.reports_cli.run import rinda
from tests.reports_cli.week import DAYS, week_config

MON, TUE = (d.isoformat() for d in DAYS[:2])


@pytest.fixture
async def told_log(tmp_path: Path) -> Path:
    log = LogBuilder(week_config())
    mon, tue = DAYS[:2]
    s1 = log.take("social", local(mon, 9, 0), told=600)
    s2 = log.take("social", local(mon, 9, 10), told=900)
    log.serve("2", s1, local(mon, 9, 15), local(mon, 9, 25))  # waited 900: +300, close
    log.serve("2", s2, local(mon, 9, 25), local(mon, 9, 35))  # waited 900: 0, close
    t1 = log.take("tax", local(mon, 10, 0), told=300)
    log.serve("3", t1, local(mon, 10, 20), local(mon, 10, 25))  # waited 1200: +900, not close
    old = log.take("social", local(tue, 9, 0))
    log.serve("2", old, local(tue, 9, 5), local(tue, 9, 15))
    db = tmp_path / "rinda.db"
    await log.save(db)
    return db


def test_the_csv_has_the_told_waits_per_service(
    capsysbinary: pytest.CaptureFixture[bytes], told_log: Path, centre: Path, tmp_path: Path
) -> None:
    out = tmp_path / "monday.csv"
    said = rinda(capsysbinary, "report", "--by", "service", "--from", MON, "--to", MON,
                 "--db", str(told_log), "--config", str(centre), "-o", str(out))  # fmt: skip
    assert said.code == 0, said.err
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline=""), delimiter=";"))
    by = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    told = ("told waits", "told mean (min)", "told waited mean (min)", "told error mean (min)",
            "told bias (min)", "told close %")  # fmt: skip
    # Social: told 600 and 900 (mean 12,50 min), waited 900 and 900 (15,00); misses +300 and
    # 0: error 150 s = 2,50 min, bias the same, both close.
    assert [by["social"][c] for c in told] == ["2", "12,50", "15,00", "2,50", "2,50", "100,0"]
    # Tax: told 5 min, waited 20: off by 15 min, too optimistic, not close.
    assert [by["tax"][c] for c in told] == ["1", "5,00", "20,00", "15,00", "15,00", "0,0"]
    # All three: told 1800 s / 3 = 10 min, waited 3000 / 3 = 16,67; misses 1200 / 3 = 6,67.
    assert [by["*"][c] for c in told] == ["3", "10,00", "16,67", "6,67", "6,67", "66,7"]


def test_a_day_from_before_told_waits_shows_no_figure(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    told_log: Path,
    centre: Path,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((100, 24)))
    said = rinda(capsysbinary, "report", "--by", "service", "--from", TUE, "--to", TUE,
                 "--db", str(told_log), "--config", str(centre))  # fmt: skip
    assert said.code == 0, said.err
    lines = said.out.decode().splitlines()
    assert max(len(line) for line in lines) <= 100
    # A 100-column terminal keeps the error and the bias beside the waits.
    assert lines[3].rstrip().endswith("told wait")
    assert lines[4].split()[-2:] == ["error", "bias"]
    social = next(line for line in lines if line.startswith("Sociālie pakalpojumi"))
    assert "5:00" in social.split()  # waited 5 min, measured as ever
    assert social.split()[-2:] == ["-", "-"]  # but told nothing: no figure, not 0
    total = next(line for line in lines if line.startswith("Kopā"))
    assert total.split()[-2:] == ["-", "-"]
