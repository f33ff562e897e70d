"""`rinda report` on a real day with ratings shows the visitors' feedback: per counter in
the table, and in the JSON a script reads. Monday 2 November 2026."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.reports.helpers import LogBuilder, local
from tests.reports_cli.run import rinda
from tests.reports_cli.week import DAYS, week_config

MON = DAYS[0].isoformat()
REASON_IDS = ["waited_too_long", "not_helped", "unclear_information", "other"]


@pytest.fixture
async def rated_log(tmp_path: Path) -> Path:
    log = LogBuilder(week_config())
    mon = DAYS[0]
    s1 = log.take("social", local(mon, 9, 0))
    s2 = log.take("social", local(mon, 9, 10))
    t1 = log.take("tax", local(mon, 10, 0))
    log.serve("2", s1, local(mon, 9, 15), local(mon, 9, 25))
    log.serve("2", s2, local(mon, 9, 25), local(mon, 9, 35))
    log.serve("3", t1, local(mon, 10, 20), local(mon, 10, 25))
    log.rate(s1, 5, local(mon, 9, 30))
    log.rate(s2, 2, local(mon, 9, 40), "waited_too_long")
    log.rate(None, 4, local(mon, 11, 0), counter="3")  # at counter 3's tablet
    db = tmp_path / "rinda.db"
    await log.save(db)
    return db


def test_the_table_shows_the_feedback_per_counter(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    rated_log: Path,
    centre: Path,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((300, 24)))
    said = rinda(capsysbinary, "report", "--by", "counter", "--from", MON, "--to", MON,
                 "--db", str(rated_log), "--config", str(centre))  # fmt: skip
    assert said.code == 0, said.err
    lines = said.out.decode().splitlines()
    # The reasons are headed by their names in the report's language (the default ones).
    names = "Pārāk ilgi gaidīju Man nevarēja palīdzēt Neskaidra informācija Cits iemesls"
    assert " ".join(lines[4].split()).endswith("rated anon answered score 4-5 1-2 " + names)
    figures = {line.split()[0]: line.split()[-10:] for line in lines[6:]}
    # Counter 2: both served rated, 5 and 2: mean 3.5, one of two satisfied, one unhappy,
    # one "waited too long". Counter 3: one served, unrated; the tablet's 4.
    assert figures["2"] == ["2", "0", "100%", "3.5", "50%", "50%", "1", "0", "0", "0"]
    assert figures["3"] == ["1", "1", "0%", "4.0", "100%", "0%", "0", "0", "0", "0"]
    # Total: 5, 2, 4 over 3 served, 2 of them visits: 67 % answered, mean 11 / 3.
    assert figures["Kopā"] == ["3", "1", "67%", "3.7", "67%", "33%", "1", "0", "0", "0"]


def test_the_json_has_the_feedback_and_the_reasons(
    capsysbinary: pytest.CaptureFixture[bytes], rated_log: Path, centre: Path
) -> None:
    said = rinda(capsysbinary, "report", "--by", "service", "--from", MON, "--to", MON,
                 "--db", str(rated_log), "--config", str(centre), "--format", "json")  # fmt: skip
    assert said.code == 0, said.err
    (report,) = json.loads(said.out)
    assert [r["id"] for r in report["reasons"]] == REASON_IDS
    by = {row["key"]: row["feedback"] for row in report["rows"]}
    assert by["social"] == {
        "rated": 2,
        "anonymous": 0,
        "answered": 1.0,
        "score_mean": 3.5,
        "satisfied": 0.5,
        "unhappy": 0.5,
        "reasons": {"waited_too_long": 1},
    }
    assert by["tax"]["rated"] == 0 and by["tax"]["answered"] == 0.0
    assert by[""]["anonymous"] == 1  # the tablet's rating: no service
