"""Start-up after one busy year: time from starting `rinda serve` on a year's log to its
--announce line and to the first healthy GET /health. Target: ready in <= 3 s.

The year (~250 working days x 1,600 tickets over 20 services, each taken -> called -> finished;
a day roll every calendar day; counters signing in and out; Europe/Riga times) is made by the
pure core with explicit `now` and written as the server writes it: EventStore.append in
batches, with the replies the server keeps, and a snapshot each time SNAPSHOT_EVERY events
have passed (server/net/owner.py). It is cached (temp dir, or --keep PATH). Each start runs on
a copy evicted from the page cache and ends with SIGKILL (no shutdown snapshot, so every run
replays the same tail). Also timed: a FULL replay of every event, without snapshots.

  .venv/bin/python -m tests.bench.startup [--keep PATH] [--runs 3] [--regenerate]
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import random
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
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import msgspec

from server.config import loads
from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.net.owner import SNAPSHOT_EVERY
from server.net.requests import RequestRouter
from server.store.events import EventStore
from tests.bench.util import bench_centre, evict_from_page_cache, get_health

HOLIDAYS = {(1, 1), (5, 1), (5, 4), (6, 23), (6, 24), (11, 18), (12, 24), (12, 25), (12, 26)}
BATCH = 500  # events per append: well under SNAPSHOT_EVERY, so snapshots land as in the server
TARGET_S = 3.0


class Year:
    """Drives a Centre through a year and stores what the server would have stored."""

    def __init__(self, config_text: str, store: EventStore, seed: int) -> None:
        self.config = loads(config_text)
        self.centre = Centre(self.config)
        # The server's own reply builders, so the stored replies have their real size.
        owner = SimpleNamespace(centre=self.centre)
        self.router = RequestRouter(self.config, owner, store, None)  # type: ignore[arg-type]
        self.store, self.rng = store, random.Random(seed)
        self.services = list(self.config.services)
        self.weights = [1 / (i + 1) ** 0.8 for i in range(len(self.services))]
        self.counters = list(self.config.counters)
        self.events: list[ev.AnyEvent] = []
        self.replies: list[tuple[str, str, bytes]] = []
        self.requests = self.snapshot_seq = self.snapshots = self.tickets = 0
        self.encode = msgspec.json.Encoder().encode

    async def run(self, cmd: c.AnyCommand, now: datetime, device: str, build: Any = None) -> bool:
        events = self.centre.execute(cmd, now)
        self.events += events
        if events and build is not None:
            self.requests += 1
            rid = f"{device}-{self.requests}"
            body = {"type": "ok", "re": rid, **build(events, now)}
            self.replies.append((device, rid, self.encode(body)))
        if len(self.events) >= BATCH:
            await self.flush()
        return any(isinstance(e, ev.TicketCalled) for e in events)

    async def flush(self) -> None:
        if not self.events:
            return
        seq = await self.store.append(self.events, self.replies, at=self.events[-1].at)
        self.events, self.replies = [], []
        if seq - self.snapshot_seq >= SNAPSHOT_EVERY:  # as Owner._process does after a commit
            await self.store.save_snapshot(seq, self.centre.state)
            self.snapshot_seq, self.snapshots = seq, self.snapshots + 1

    async def day(self, d: date, per_day: int) -> None:
        tz, rng, nothing = self.config.tz, self.rng, self.router._nothing
        await self.run(c.RollDay(), datetime.combine(d, clock(0, 0, 10), tz), "server")
        if d.weekday() >= 5 or (d.month, d.day) in HOLIDAYS:
            return
        opens = datetime.combine(d, clock(8), tz).astimezone(UTC)

        def at(s: float) -> datetime:
            return opens + timedelta(seconds=s)

        for cid in self.counters:
            cmd = c.OpenCounter(counter=cid, clerk=f"clerk{cid}")
            await self.run(cmd, at(-120 + int(cid)), f"c{cid}", nothing)
        # Arrivals 08:00-17:45 with a morning and an afternoon peak; services Zipf-like.
        span = 9.75 * 3600
        times = sorted(
            rng.triangular(0, span, rng.choice((2 * 3600, 6 * 3600))) for _ in range(per_day)
        )
        services = rng.choices(self.services, self.weights, k=per_day)
        heap: list[tuple[float, int, str, str]] = [
            (t, 1, services[i], f"k{i % 20 + 1}") for i, t in enumerate(times)
        ]
        heapq.heapify(heap)
        idle, busy = list(self.counters), {}

        async def call(cid: str, s: float) -> None:
            if await self.run(c.CallNext(counter=cid), at(s), f"c{cid}", self.router._ticket_view):
                busy[cid] = self.centre.state.counters[cid].ticket
                heapq.heappush(heap, (s + rng.lognormvariate(6.15, 0.5), 0, cid, ""))
            else:
                idle.append(cid)

        last = 0.0
        while heap:
            s, kind, what, device = heapq.heappop(heap)
            last = s
            if kind == 1:  # a visitor takes a ticket
                token = rng.getrandbits(128).to_bytes(16).hex()[:22]
                cmd = c.TakeTicket(service=what, token=token, device=device)
                await self.run(cmd, at(s), device, self.router._ticket_reply)
                self.tickets += 1
                if idle:
                    await call(idle.pop(), s)
            else:  # a counter finishes and calls the next visitor
                cmd = c.Finish(counter=what, ticket=busy.pop(what))
                await self.run(cmd, at(s), f"c{what}", self.router._ticket_view)
                await call(what, s)
        for cid in self.counters:
            await self.run(c.CloseCounter(counter=cid), at(last + 60), f"c{cid}", nothing)


async def generate(db: Path, config_text: str, days: int, per_day: int) -> dict[str, Any]:
    started = time.perf_counter()
    partial = db.with_name(db.name + ".partial")
    for leftover in db.parent.glob(partial.name + "*"):
        leftover.unlink()
    store = await EventStore.open(partial)
    year = Year(config_text, store, seed=1)
    last = datetime.now(year.config.tz).date() - timedelta(days=1)
    for i in range(days):
        await year.day(last - timedelta(days=days - 1 - i), per_day)
        if i % 30 == 29:
            print(f"  ... {i + 1} days, {store.last_seq:,} events", file=sys.stderr)
    await year.flush()
    meta = {
        "events": store.last_seq,
        "tickets": year.tickets,
        "snapshots_written": year.snapshots,
        "last_day": last.isoformat(),
        "generate_s": round(time.perf_counter() - started, 1),
    }
    await store.close()
    with closing(sqlite3.connect(partial)) as conn:  # fold any leftover WAL into the file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(db)
    return meta


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
    default = Path(tempfile.gettempdir()) / "rinda-bench-startup" / "year.db"
    p.add_argument("--keep", type=Path, default=default, help="cached log (default: %(default)s)")
    p.add_argument("--days", type=int, default=365, help="calendar days (default 365)")
    p.add_argument("--per-day", type=int, default=1600, help="tickets per working day")
    p.add_argument("--runs", type=int, default=3, help="timed starts (default 3)")
    p.add_argument("--regenerate", action="store_true", help="rebuild the cached log")
    a = p.parse_args()
    db, config_text = a.keep.resolve(), bench_centre()
    db.parent.mkdir(parents=True, exist_ok=True)
    config, meta_file = db.with_name(db.name + ".toml"), db.with_name(db.name + ".json")
    meta = json.loads(meta_file.read_text()) if meta_file.exists() and db.exists() else None
    wanted = {"days": a.days, "per_day": a.per_day}
    if a.regenerate or meta is None or {k: meta.get(k) for k in wanted} != wanted:
        print(f"generating {a.days} days x {a.per_day} tickets into {db} ...", file=sys.stderr)
        meta = {**wanted, **await generate(db, config_text, a.days, a.per_day), "cached": False}
        meta_file.write_text(json.dumps(meta))
    else:
        meta["cached"] = True
    config.write_text(config_text, encoding="utf-8")
    size_mb = round(db.stat().st_size / 2**20, 1)
    tables = table_bytes(db)
    rinda = Path(sys.executable).with_name("rinda")
    cmd = [str(rinda)] if rinda.exists() else [sys.executable, "-m", "server.cli"]

    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        copy = Path(tmp) / "rinda.db"
        shutil.copyfile(db, copy)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import server.cli, server.net.app"], check=True)
        imports_s = round(time.perf_counter() - t0, 3)
        runs = [start_once(cmd, copy, config, Path(tmp) / "serve.log") for _ in range(a.runs)]
        replay = await full_replay(copy, config_text)

    announce = statistics.median(r["announce_s"] for r in runs)
    ready = statistics.median(r["health_s"] for r in runs)
    made = "from the cache" if meta["cached"] else "generated now"
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
    result = {"bench": "startup", **meta, "db_mb": size_mb, **tables, "runs": runs}
    result |= {"announce_s": announce, "health_s": ready, "target_s": TARGET_S}
    result |= {"met": ready <= TARGET_S, "imports_s": imports_s, "full_replay": replay}
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
