"""A wait-time report over a busy year: build_reports over the whole year, grouped by service
and (separately) by hour, on the year's log with its daily summaries kept as the server keeps
them (tests/bench/yearlog.py, cached as tests/bench/startup.py caches it), its visitors'
ratings included. Target: <= 1 s each.

Also timed: the same report with no summary at all (every day derived from its events), the
path a day without a summary takes, to show what the summaries save.

  .venv/bin/python -m tests.bench.report_year [--keep PATH] [--runs 5] [--regenerate]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from server.config import loads
from server.protocol.reports import By
from server.reports.engine import build_reports
from server.store.events import EventStore
from tests.bench.util import bench_centre, filesystem_of
from tests.bench.yearlog import cached_year, year_options

TARGET_S = 1.0


def time_report(db: Path, text: str, first: date, last: date, by: By, runs: int) -> list[float]:
    config = loads(text)
    now = datetime.combine(last + timedelta(days=1), clock(12), config.tz).astimezone(UTC)
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        (report,) = build_reports(db, config, first, last, [by], now=now)
        out.append(time.perf_counter() - t0)
        assert report.total.tickets > 0 and report.total.feedback.rated > 0
    return out


async def without_summaries(db: Path, copy: Path) -> None:
    shutil.copyfile(db, copy)
    store = await EventStore.open(copy)
    try:
        await store.write_statement("DELETE FROM report_days")
        await store.write_statement("DELETE FROM report_groups")
        await store.write_statement("DELETE FROM report_reasons")
    finally:
        await store.close()


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    year_options(p)
    p.add_argument("--runs", type=int, default=5, help="timed reports of each kind (default 5)")
    a = p.parse_args()
    db, text = a.keep.resolve(), bench_centre()
    meta = await cached_year(db, a.days, a.per_day, a.regenerate)
    last = date.fromisoformat(meta["last_day"])
    first = last - timedelta(days=a.days - 1)
    result: dict[str, Any] = {"bench": "report_year", **meta, "first": str(first)}
    print(
        f"log: {meta['events']:,} events, {meta['tickets']:,} tickets, {first} .. {last}; "
        f"{round(db.stat().st_size / 2**20, 1)} MB on {filesystem_of(db)}"
    )
    for by in ("service", "hour"):
        times = time_report(db, text, first, last, by, a.runs)
        median = statistics.median(times)
        verdict = "met" if median <= TARGET_S else "MISSED"
        print(
            f"whole year by {by:7}: median {median:.3f} s, max {max(times):.3f} s over "
            f"{a.runs} runs (target <= {TARGET_S:g} s: {verdict})"
        )
        result[f"by_{by}_s"] = round(median, 3)
        result[f"by_{by}_max_s"] = round(max(times), 3)
    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        bare = Path(tmp) / "bare.db"
        await without_summaries(db, bare)
        (slow,) = time_report(bare, text, first, last, "service", 1)
    print(f"whole year by service with no summary kept (every day from its events): {slow:.2f} s")
    result["no_summaries_s"] = round(slow, 2)
    result["target_s"] = TARGET_S
    result["met"] = max(result["by_service_s"], result["by_hour_s"]) <= TARGET_S
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
