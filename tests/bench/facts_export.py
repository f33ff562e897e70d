"""`rinda export facts` over a busy year's log: wall time, rows and peak memory of the export
process for the last month and for the whole year; then, for the last month's rows, the
writer this project uses (CSV text loaded by DuckDB in one statement, docs/facts.md) beside
DuckDB's row-by-row `executemany`, timed on a sample and scaled up.

The log is tests/bench/yearlog.py's busy centre (~1,600 tickets a working day), kept in
--keep (the same cache as tests/bench/export_year.py) and rebuilt when its shape changes.

  .venv/bin/python -m tests.bench.facts_export [--days 365] [--per-day 1600] [--keep PATH]
"""

from __future__ import annotations

import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from server.config import loads
from server.network import facts_schema as fs
from server.network.facts_file import write_facts
from server.network.facts_rows import FactRows
from server.reports.visits import Fact, visit_facts
from server.store.summaries import day_events, open_read_only
from tests.bench.yearlog import year_with_config

SAMPLE = 5_000  # rows inserted one by one: enough for a rate, short enough to wait for


def export_once(db: Path, config: Path, start: date, end: date, out: Path) -> str:
    cmd = [sys.executable, "-m", "server.cli", "export", "facts", "--db", str(db)]
    cmd += ["--config", str(config), "--from", str(start), "--to", str(end), "-o", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    note = "" if peak > before else " (peak not above an earlier run's)"
    size = out.stat().st_size / 2**20
    out.unlink()
    return (
        f"{start}..{end}: {done.stderr.strip()}; {wall:.1f} s, {size:.1f} MB, "
        f"peak RSS {peak / 1024:.0f} MB{note}"
    )


def values(f: Fact, rows: FactRows) -> tuple[Any, ...]:
    """A visit's row as Python values: what a row-by-row insert would be given."""
    target = rows.targets.get(f.service, 900)
    wait = f.wait_s
    return (
        fs.VERSION, "bench", date.fromisoformat(f.day), f.hour, f.service,
        rows.institutions.get(f.service, ""), bool(f.priority), bool(f.booking), f.leg,
        f.joined_at, f.called_at, f.began_at, f.ended_at, wait, f.service_s, target,
        None if wait is None else wait <= target, f.outcome, f.score, f.reason or None,
    )  # fmt: skip


def writers(db: Path, config_text: str, start: date, end: date, tmp: Path) -> None:
    config = loads(config_text)
    rows = FactRows(config, "bench")
    conn = open_read_only(db)
    until = datetime.now(UTC)
    t0 = time.perf_counter()
    facts: list[Fact] = []
    day = start
    while day <= end:
        facts += visit_facts(day_events(conn, day, config, until), config.tz)
        day += timedelta(days=1)
    conn.close()
    fold = time.perf_counter() - t0
    print(f"fold {start}..{end}: {len(facts):,} visits from the log in {fold:.1f} s")
    t0 = time.perf_counter()
    n = write_facts(rows.lines(facts), tmp / "csv.parquet")
    ours = time.perf_counter() - t0
    print(f"  rows + CSV + DuckDB load + Parquet: {n:,} rows in {ours:.2f} s")
    sample = [values(f, rows) for f in facts[:SAMPLE]]
    with duckdb.connect() as con:
        con.execute(fs.create_table("facts"))
        t0 = time.perf_counter()
        con.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(fs.COLUMNS))})", sample)
        per_row = (time.perf_counter() - t0) / len(sample)
    print(
        f"  executemany: {per_row * 1e6:.0f} µs a row ({len(sample):,} timed), "
        f"{per_row * n:.1f} s for {n:,} rows: {per_row * n / ours:.0f} x ours"
    )


async def main() -> None:
    _, db, config, first, last = await year_with_config(__doc__ or "")
    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        month = last - timedelta(days=29)
        for start in (month, first):  # the short period first: the peak is the largest child's
            print(export_once(db, config, start, last, Path(tmp) / "facts.parquet"))
        writers(db, config.read_text("utf-8"), month, last, Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
