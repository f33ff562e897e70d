"""`rinda export events` on the simulated week: every event of the period, in log order, with
its UTC and local time, as CSV for Excel or as JSON lines."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import msgspec
import pytest

from tests.reports.helpers import LogBuilder, local
from tests.reports_cli.run import rinda
from tests.reports_cli.week import DAYS, PAUSE_REASON, week_config


def events_in_db(db: Path) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.execute("SELECT seq, type FROM events ORDER BY seq"))


def export(capsys: pytest.CaptureFixture[bytes], db: Path, centre: Path, *more: str) -> bytes:
    said = rinda(capsys, "export", "events", "--db", str(db), "--config", str(centre), *more)
    assert said.code == 0, said.err
    return said.out


def test_the_week_as_csv_for_excel(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    export(capsysbinary, week, centre, "--from", "2026-11-02", "--to", "2026-11-08", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    head = rows[0]
    assert head[:4] == ["seq", "at (UTC)", "at (local)", "type"]
    assert "token" not in head and "secret" not in head  # the visitors' links stay out
    events = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    assert [(int(e["seq"]), e["type"]) for e in events] == events_in_db(week)
    first_ticket = next(e for e in events if e["type"] == "taken")
    assert first_ticket["at (UTC)"] == "2026-11-02T07:00:00.000000Z"
    assert first_ticket["at (local)"] == "2026-11-02 09:00:00"
    assert (first_ticket["service"], first_ticket["device"]) == ("social", "k1")
    (pause,) = [e for e in events if e["type"] == "counter_paused"]
    assert pause["reason"] == "'" + PAUSE_REASON  # Excel shows it, never runs it
    assert pause["counter"] == "3"


def test_one_day_as_json_lines(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path
) -> None:
    out = export(
        capsysbinary, week, centre, "--from", "2026-11-04", "--to", "2026-11-04",
        "--format", "jsonl",
    )  # fmt: skip
    lines = [msgspec.json.decode(line) for line in out.splitlines()]
    assert {line["at_local"][:10] for line in lines} == {"2026-11-04"}
    assert sum(line["type"] == "taken" for line in lines) == 17
    (no_show,) = [line for line in lines if line["type"] == "no_show"]
    assert no_show["at"] == "2026-11-04T15:04:00.000000Z"
    assert no_show["at_local"] == "2026-11-04T17:04:00+02:00"
    assert no_show["counter"] == "3"
    taken = next(line for line in lines if line["type"] == "taken")
    assert "token" not in taken
    seqs = [line["seq"] for line in lines]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # a whole slice of the log
    everything = dict(events_in_db(week))
    assert all(everything[line["seq"]] == line["type"] for line in lines)


async def test_a_reader_that_stops_early_ends_the_export_quietly(
    tmp_path: Path, centre: Path
) -> None:
    """`rinda export events ... | head -1`: the export stops at the closed pipe, without a
    traceback. The log (~5,000 events, ~1 MB of JSON lines) is far more than a pipe holds,
    so the export is still writing when the reader goes."""
    db = tmp_path / "busy.db"
    log = LogBuilder(week_config())
    for day in DAYS[:3]:
        for i in range(300):
            for service, counter in (("social", "2"), ("tax", "3")):
                at = local(day, 9) + timedelta(seconds=60 * i)
                ticket = log.take(service, at)
                log.serve(counter, ticket, at, at + timedelta(seconds=50))
    await log.save(db)
    cmd = [sys.executable, "-m", "server.cli", "export", "events", "--db", str(db)]
    cmd += ["--config", str(centre), "--from", "2026-11-02", "--to", "2026-11-04"]
    proc = subprocess.Popen(
        [*cmd, "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = msgspec.json.decode(proc.stdout.readline())
    assert first["seq"] == 1
    proc.stdout.close()
    assert proc.wait(timeout=60) == 1
    assert proc.stderr.read() == b""
