"""Durable tickets/s: 20 kiosks (k1..k20) each take tickets back to back against a real
`rinda serve`, every ticket acknowledged only after its commit; then, in the same run and on
the same filesystem, a plain sqlite3 loop (one INSERT + COMMIT per row, the store's pragmas)
sets the bar. Targets: >= 1,000 tickets/s and >= 0.5x the plain loop.

Afterwards every acknowledged ticket is looked up in the database (and counted in a manager's
welcome snapshot).

  .venv/bin/python -m tests.bench.tickets [--seconds 10] [--warmup 2] [--dir DIR]

Both databases go in a temporary folder under --dir (default: the current folder, since /tmp
is often a RAM disk where fsync costs nothing); the filesystem is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
from websockets.asyncio.client import ClientConnection, connect

from server.core import events as ev
from server.store.schema import utc_text
from tests.bench.util import (
    bench_centre,
    filesystem_of,
    percentiles,
    proc_cpu_s,
    rinda_server,
)

KIOSKS = 20
SERVICES = [f"s{chr(ord('A') + i)}" for i in range(20)]
# The pragmas EventStore._setup (server/store/events.py) sets on its writer connection.
STORE_PRAGMAS = (
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
)


@dataclass
class Run:
    stop: bool = False
    # (sent, answered) perf_counter instants of every acknowledged ticket, and its number.
    acked: list[tuple[float, float]] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def hello(url: str, frame: dict[str, Any]) -> tuple[ClientConnection, dict[str, Any]]:
    ws = await connect(url, max_size=None)
    await ws.send(json.dumps(frame))
    welcome = json.loads(await ws.recv())
    if welcome.get("type") != "welcome":
        raise RuntimeError(f"no welcome: {welcome}")
    return ws, welcome


async def kiosk(url: str, device: str, token: str, offset: int, run: Run) -> None:
    ws, _ = await hello(url, {"type": "hello", "protocol": 1, "role": "kiosk", "token": token})
    decode = msgspec.json.decode
    n = 0
    try:
        while not run.stop:
            n += 1
            rid = f"{device}-{n}"
            service = SERVICES[(offset + n) % len(SERVICES)]
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "take_ticket", "id": rid, "service": service}))
            while True:  # skip the "queue" broadcasts a kiosk also receives
                frame = decode(await ws.recv())
                if frame.get("re") == rid:
                    break
            if frame["type"] == "ok":
                run.acked.append((sent, time.perf_counter()))
                run.numbers.append(frame["ticket"]["number"])
            else:
                run.errors[frame.get("code", "?")] += 1
    finally:
        await ws.close()


def plain_sqlite(path: Path, seconds: float) -> int:
    """Rows committed one by one in `seconds`, the way the store commits, with no server."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in STORE_PRAGMAS:
        conn.execute(pragma)
    conn.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL, "
        "data BLOB NOT NULL)"
    )
    conn.execute("CREATE INDEX events_at ON events(at)")
    encode = msgspec.json.Encoder().encode
    rows = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        now = datetime.now(UTC)
        e = ev.TicketTaken(
            at=now,
            ticket=f"{SERVICES[rows % 20][1]}{rows % 10000:04d}",
            service=SERVICES[rows % 20],
            priority=None,
            lang="lv",
            token=secrets.token_urlsafe(16),
            device=f"k{rows % 20 + 1}",
        )
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO events (seq, at, type, data) VALUES (?, ?, ?, ?)",
            (rows + 1, utc_text(now), "taken", encode(e)),
        )
        conn.execute("COMMIT")
        rows += 1
    conn.close()
    return rows


def stored_tickets(db: Path) -> Counter[str]:
    """Ticket numbers of every `taken` event committed to the server's database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT data FROM events WHERE type = 'taken'").fetchall()
    finally:
        conn.close()
    return Counter(json.loads(data)["ticket"] for (data,) in rows)


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--seconds", type=float, default=10.0, help="measured time (default 10)")
    p.add_argument("--warmup", type=float, default=2.0, help="unmeasured load first (default 2)")
    p.add_argument(
        "--dir", type=Path, default=Path("."), help="where the databases go (default: here)"
    )
    a = p.parse_args()
    devices = {f"k{i}": "kiosk" for i in range(1, KIOSKS + 1)} | {"m1": "manager"}
    run = Run()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="rinda-bench-", dir=a.dir) as tmp:
        work = Path(tmp)
        fs = filesystem_of(work)
        async with rinda_server(bench_centre(), devices, workdir=work) as srv:
            tasks = [
                asyncio.create_task(kiosk(srv.url, f"k{i}", srv.tokens[f"k{i}"], i, run))
                for i in range(1, KIOSKS + 1)
            ]
            await asyncio.sleep(a.warmup)
            t0, cpu_srv0, cpu_me0 = time.perf_counter(), proc_cpu_s(srv.pid), cpu_self()
            await asyncio.sleep(a.seconds)
            t1, cpu_srv1, cpu_me1 = time.perf_counter(), proc_cpu_s(srv.pid), cpu_self()
            run.stop = True
            await asyncio.gather(*tasks)
            stored = stored_tickets(srv.db)
            manager, welcome = await hello(
                srv.url,
                {"type": "hello", "protocol": 1, "role": "manager", "token": srv.tokens["m1"]},
            )
            await manager.close()
            in_snapshot = len(welcome["snapshot"]["tickets"])
        plain_rows = plain_sqlite(work / "plain.db", a.seconds)

    window = t1 - t0
    done = [(s, r) for s, r in run.acked if t0 <= r < t1]
    rate = len(done) / window
    lat = percentiles([r - s for s, r in done])
    per_s = Counter(int(r - t0) for _, r in done)
    curve = [per_s.get(i, 0) for i in range(int(window))]
    plain_rate = plain_rows / a.seconds
    ratio = rate / plain_rate if plain_rate else 0.0
    acked = Counter(run.numbers)
    missing = sum((acked - stored).values())
    srv_cpu = (cpu_srv1 - cpu_srv0) / window
    me_cpu = (cpu_me1 - cpu_me0) / window

    print(f"filesystem: {fs}; {KIOSKS} kiosks; {window:.1f} s after a {a.warmup} s warm-up")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_before:.2f} before the run")
    print(f"server : {rate:,.0f} acknowledged tickets/s  (target >= 1,000)")
    print(f"         reply latency p50 {lat.get('p50')} ms  p99 {lat.get('p99')} ms")
    print(f"         tickets per second of the window: {curve}")
    print(f"         CPU: server {srv_cpu:.0%} of a core, load generator {me_cpu:.0%}")
    print(f"plain  : {plain_rate:,.0f} rows/s (INSERT + COMMIT each, WAL, synchronous=FULL)")
    print(f"ratio  : server/plain = {ratio:.2f}  (target >= 0.5)")
    print(
        f"durable: {len(run.numbers):,} tickets acknowledged (warm-up included), "
        f"{sum(stored.values()):,} taken events in the db, missing {missing}; "
        f"manager snapshot lists {in_snapshot:,}"
    )
    if run.errors:
        print(f"errors : {dict(run.errors)}")
    print(
        json.dumps(
            {
                "bench": "tickets",
                "filesystem": fs,
                "kiosks": KIOSKS,
                "cpus": os.cpu_count(),
                "loadavg_before": round(load_before, 2),
                "seconds": round(window, 3),
                "tickets_per_s": round(rate, 1),
                "latency_ms": lat,
                "per_second": curve,
                "server_cpu": round(srv_cpu, 3),
                "loadgen_cpu": round(me_cpu, 3),
                "plain_rows_per_s": round(plain_rate, 1),
                "ratio": round(ratio, 3),
                "acknowledged": len(run.numbers),
                "stored": sum(stored.values()),
                "missing": missing,
                "manager_snapshot_tickets": in_snapshot,
                "errors": dict(run.errors),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
