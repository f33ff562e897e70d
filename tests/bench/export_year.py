"""`rinda export events` over a long log: time and peak memory of the export process, for
the last week and for the whole log, so bounded memory shows as the same peak for both.

The log is tests/bench/yearlog.py's busy centre (a day roll every day; ~1,600 tickets a
working day, four events each), kept in --keep and rebuilt when its shape changes.

  .venv/bin/python -m tests.bench.export_year [--days 365] [--per-day 1600] [--keep PATH]
"""

from __future__ import annotations

import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tests.bench.yearlog import year_with_config


def export_once(db: Path, config: Path, start: date, end: date, fmt: str, out: Path) -> str:
    """Run the export as its own process; its wall time, output size and peak RSS."""
    cmd = [sys.executable, "-m", "server.cli", "export", "events", "--db", str(db)]
    cmd += ["--config", str(config), "--from", str(start), "--to", str(end)]
    cmd += ["--format", fmt, "-o", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB, the largest child yet
    size = out.stat().st_size / 2**20
    note = "" if peak > before else " (peak not above an earlier run's)"
    return (
        f"{fmt:5} {start}..{end}: {done.stderr.strip()}; {wall:.1f} s, {size:.1f} MB, "
        f"peak RSS {peak / 1024:.0f} MB{note}"
    )


async def main() -> None:
    _, db, config, first, last = await year_with_config(__doc__ or "")
    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        # The short period first: RUSAGE_CHILDREN keeps the largest child's peak.
        for start in (last - timedelta(days=6), first):
            for fmt in ("csv", "jsonl"):
                print(export_once(db, config, start, last, fmt, Path(tmp) / f"out.{fmt}"))


if __name__ == "__main__":
    asyncio.run(main())
