"""Start-up after one busy year: time from starting `rinda serve` on a year's log to its
--announce line and to the first healthy GET /health. Target: ready in <= 3 s.

The year (~250 working days x 1,600 tickets over 20 services, each taken -> called -> finished,
Europe/Riga times) is made by the pure core and written as the server writes it, snapshots
included (tests/bench/yearlog.py); it is cached (temp dir, or --keep PATH) and rebuilt when the
schema, events or State change. Each start runs on a copy evicted from the page cache and ends
with SIGKILL (no shutdown snapshot, so every run replays the same tail). Also timed: a FULL
replay of every event, without snapshots, in-process.

  .venv/bin/python -m tests.bench.startup [--keep PATH] [--runs 3] [--regenerate]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from server.config import loads
from server.core.centre import Centre
from server.store.events import EventStore
from tests.bench.util import bench_centre, evict_from_page_cache, filesystem_of, get_health
from tests.bench.yearlog import cached_year, year_options

TARGET_S = 3.0


def start_once(cmd: list[str], db: Path, config: Path, log: Path) -> dict[str, Any]:
    evict_from_page_cache(db)
    args = ["--log-level", "INFO", "serve", "--db", str(db), "--config", str(config)]
    with log.open("w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*cmd, *args, "--port", "0", "--announce"], stdout=subprocess.PIPE, stderr=err
        )
        try:
            assert proc.stdout is not None
            port = json.loads(proc.stdout.readline())["port"]
            announced = time.perf_counter() - t0
            while (get_health(port) or {}).get("status") != "ok":
                time.sleep(0.002)
            ready = time.perf_counter() - t0
        finally:
            proc.send_signal(signal.SIGKILL)  # a power cut: no shutdown snapshot
            proc.wait()
    m = re.search(r"snapshot at (\d+) \+ (\d+) events replayed", log.read_text())
    return {
        "announce_s": round(announced, 3),
        "health_s": round(ready, 3),
        "snapshot_seq": int(m[1]) if m else None,
        "replayed": int(m[2]) if m else None,
    }


async def full_replay(db: Path, config_text: str) -> dict[str, Any]:
    """Every event read with the store's own decoder and applied to a fresh Centre."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("DELETE FROM snapshots")
        conn.commit()
    store = await EventStore.open(db)
    t0 = time.perf_counter()
    state, _, events = await store.load()
    t1 = time.perf_counter()
    centre = Centre(loads(config_text), state)
    for e in events:
        centre.apply(e)
    t2 = time.perf_counter()
    await store.close()
    return {"events": len(events), "load_s": round(t1 - t0, 2), "apply_s": round(t2 - t1, 2)}


def table_bytes(db: Path) -> dict[str, Any]:
    """Rows and megabytes of data per table, and the size of the newest snapshot."""
    out: dict[str, Any] = {}
    with closing(sqlite3.connect(db)) as conn:
        for t in ("events", "replies", "snapshots"):
            sql = f"SELECT count(*), coalesce(sum(length(data)), 0) FROM {t}"
            n, size = conn.execute(sql).fetchone()
            out[f"{t}_rows"], out[f"{t}_data_mb"] = n, round(size / 2**20, 1)
        snap = conn.execute("SELECT length(data) FROM snapshots ORDER BY seq DESC").fetchone()
    out["newest_snapshot_kb"] = round(snap[0] / 1024, 1) if snap else 0
    return out


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    year_options(p)
    p.add_argument("--runs", type=int, default=3, help="timed starts (default 3)")
    a = p.parse_args()
    db, config_text = a.keep.resolve(), bench_centre()
    meta = await cached_year(db, a.days, a.per_day, a.regenerate)
    config = db.with_name(db.name + ".toml")
    config.write_text(config_text, encoding="utf-8")
    size_mb = round(db.stat().st_size / 2**20, 1)
    tables = table_bytes(db)
    rinda = Path(sys.executable).with_name("rinda")
    cmd = [str(rinda)] if rinda.exists() else [sys.executable, "-m", "server.cli"]

    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        copy = Path(tmp) / "rinda.db"
        shutil.copyfile(db, copy)
        runs = [start_once(cmd, copy, config, Path(tmp) / "serve.log") for _ in range(a.runs)]
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import server.cli, server.net.app"], check=True)
        imports_s = round(time.perf_counter() - t0, 3)
        replay = await full_replay(copy, config_text)  # this also deletes the snapshots
        bare = start_once(cmd, copy, config, Path(tmp) / "serve.log")

    announce = statistics.median(r["announce_s"] for r in runs)
    ready = statistics.median(r["health_s"] for r in runs)
    made = f"{'from the cache' if meta['cached'] else 'generated now'} on {filesystem_of(db)}"
    print(
        f"log: {meta['events']:,} events, {meta['tickets']:,} tickets, last day "
        f"{meta['last_day']}; {size_mb} MB ({made}; generation took {meta['generate_s']} s)"
    )
    print(
        f"     events {tables['events_rows']:,} rows / {tables['events_data_mb']} MB of data, "
        f"replies {tables['replies_rows']:,} / {tables['replies_data_mb']} MB, "
        f"newest snapshot {tables['newest_snapshot_kb']} kB"
    )
    print(f"command: {' '.join(cmd)} serve --db ... --config ... --port 0 --announce")
    for i, r in enumerate(runs, 1):
        print(
            f"start {i}: announce {r['announce_s']:.3f} s, healthy {r['health_s']:.3f} s "
            f"(snapshot at {r['snapshot_seq']} + {r['replayed']} events replayed)"
        )
    verdict = "met" if ready <= TARGET_S else "MISSED"
    print(f"median : announce {announce:.3f} s, healthy {ready:.3f} s (target <= 3 s: {verdict})")
    print(f"python + imports alone: {imports_s:.3f} s")
    print(
        f"full replay without snapshots: {replay['events']:,} events, read+decode "
        f"{replay['load_s']} s + apply {replay['apply_s']} s = "
        f"{replay['load_s'] + replay['apply_s']:.2f} s"
    )
    print(
        f"rinda serve with no snapshot at all: announce {bare['announce_s']:.3f} s, healthy "
        f"{bare['health_s']:.3f} s ({bare['replayed']:,} events replayed)"
    )
    result = {"bench": "startup", **meta, "db": str(db), "db_mb": size_mb, **tables, "runs": runs}
    result |= {"announce_s": announce, "health_s": ready, "target_s": TARGET_S}
    result |= {"met": ready <= TARGET_S, "imports_s": imports_s, "full_replay": replay}
    result["no_snapshot_start"] = bare
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
