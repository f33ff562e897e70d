"""Tickets while reports run: 20 kiosks take tickets against a real `rinda serve` holding a
busy year (tests/bench/yearlog.py, copied), and the ticket reply p99 is measured in phases
without and with whole-year reports being made back to back at the same time. Target: p99
with reports <= 1.2x p99 without.

Reports are made either by a manager through the `report` request (the server builds them in
its report worker process, at the lowest CPU priority: server/net/report_desk.py) or, with
--via process, by build_reports in another process of normal priority on the same database
(what `rinda report` does). Phases alternate (without, with, without, with ...) so
a drift of the machine's load shows in both.

Each kiosk takes a ticket every --interval seconds (default 0.1: 200 tickets/s from 20
kiosks, ~20x a busy centre's peak) rather than back to back: a saturated server measures
throughput (tests/bench/tickets.py), where any other work shows up as lost tickets/s.

  .venv/bin/python -m tests.bench.report_load [--via request|process] [--phase 10] [--pairs 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import msgspec

from server.config import loads
from server.reports.engine import build_reports
from tests.bench.tickets import SERVICES, hello
from tests.bench.util import bench_centre, filesystem_of, percentiles, rinda_server
from tests.bench.yearlog import cached_year

KIOSKS = 20
TARGET = 1.2


@dataclass
class Load:
    stop: bool = False
    # (answered at, latency s) of every acknowledged ticket.
    acked: list[tuple[float, float]] = field(default_factory=list)
    errors: int = 0
    reports: list[tuple[float, float]] = field(default_factory=list)  # (done at, seconds)


async def kiosk(url: str, token: str, offset: int, interval: float, load: Load) -> None:
    ws, _ = await hello(url, {"type": "hello", "protocol": 1, "role": "kiosk", "token": token})
    n = 0
    due = time.perf_counter() + interval * offset / KIOSKS  # spread the kiosks' beats
    try:
        while not load.stop:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            due += interval
            n += 1
            rid = f"k{offset}-{n}"
            service = SERVICES[(offset + n) % len(SERVICES)]
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "take_ticket", "id": rid, "service": service}))
            while True:
                frame = msgspec.json.decode(await ws.recv())
                if frame.get("re") == rid:
                    break
            done = time.perf_counter()
            if frame["type"] == "ok":
                load.acked.append((done, done - sent))
            else:
                load.errors += 1
    finally:
        await ws.close()


async def manager_reports(
    url: str, token: str, first: date, last: date, load: Load, stop: asyncio.Event
) -> None:
    ws, _ = await hello(url, {"type": "hello", "protocol": 1, "role": "manager", "token": token})
    n = 0
    try:
        while not stop.is_set():
            n += 1
            by = ("service", "hour")[n % 2]
            t0 = time.perf_counter()
            frame = {"type": "report", "id": f"r{n}", "start": str(first), "end": str(last)}
            await ws.send(json.dumps(frame | {"by": by}))
            while True:
                reply = msgspec.json.decode(await ws.recv())
                if reply.get("re") == f"r{n}":
                    break
            if reply["type"] != "ok":
                print(f"report refused: {reply}", file=sys.stderr)
                continue
            load.reports.append((time.perf_counter(), time.perf_counter() - t0))
    finally:
        await ws.close()


def reports_elsewhere(db: str, first: str, last: str, stop: Any, out: Any) -> None:
    """Another process making whole-year reports until told to stop; how many, how long."""
    config = loads(bench_centre())
    n, spent = 0, 0.0
    while not stop.is_set():
        t0 = time.perf_counter()
        by = ("service", "hour")[n % 2]
        build_reports(Path(db), config, date.fromisoformat(first), date.fromisoformat(last), [by])
        spent += time.perf_counter() - t0
        n += 1
    out.put((n, spent))


async def phase(seconds: float, load: Load) -> list[float]:
    t0 = time.perf_counter()
    await asyncio.sleep(seconds)
    t1 = time.perf_counter()
    return [lat for at, lat in load.acked if t0 <= at < t1]


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = Path(tempfile.gettempdir()) / "rinda-bench-startup" / "year.db"
    p.add_argument("--keep", type=Path, default=default, help="cached year (default: %(default)s)")
    p.add_argument("--via", choices=("request", "process"), default="request")
    p.add_argument("--phase", type=float, default=10.0, help="seconds per phase (default 10)")
    p.add_argument("--pairs", type=int, default=2, help="without/with pairs (default 2)")
    p.add_argument("--interval", type=float, default=0.1, help="seconds between a kiosk's tickets")
    p.add_argument("--dir", type=Path, default=Path("."), help="where the copy goes")
    a = p.parse_args()
    meta = await cached_year(a.keep.resolve(), 365, 1600, False)
    last = date.fromisoformat(meta["last_day"])
    first = last - timedelta(days=364)
    devices = {f"k{i}": "kiosk" for i in range(1, KIOSKS + 1)} | {"m1": "manager"}
    load = Load()
    without: list[float] = []
    with_reports: list[float] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="rinda-bench-", dir=a.dir) as tmp:
        db = Path(tmp) / "year.db"
        shutil.copyfile(a.keep.resolve(), db)
        # A live server keeps two days of stored replies; the year's log has a year of them,
        # whose first pruning would stall the first phase for seconds.
        with closing(sqlite3.connect(db)) as conn:
            conn.execute("DELETE FROM replies")
            conn.commit()
        async with rinda_server(bench_centre(), devices, workdir=Path(tmp), db=db) as srv:
            kiosks = [
                asyncio.create_task(kiosk(srv.url, srv.tokens[f"k{i}"], i, a.interval, load))
                for i in range(1, KIOSKS + 1)
            ]
            await asyncio.sleep(3.0)  # warm-up: the day roll, connections, caches
            for _ in range(a.pairs):
                without += await phase(a.phase, load)
                if a.via == "request":
                    done = asyncio.Event()
                    job = asyncio.create_task(
                        manager_reports(srv.url, srv.tokens["m1"], first, last, load, done)
                    )
                    with_reports += await phase(a.phase, load)
                    done.set()  # the report under way ends before the next phase
                    await job
                else:
                    ctx = multiprocessing.get_context("spawn")
                    stop, out = ctx.Event(), ctx.Queue()
                    args = (str(db), str(first), str(last), stop, out)
                    proc = ctx.Process(target=reports_elsewhere, args=args)
                    proc.start()
                    with_reports += await phase(a.phase, load)
                    stop.set()
                    n, spent = await asyncio.to_thread(out.get)
                    await asyncio.to_thread(proc.join)
                    load.reports += [(0.0, spent / max(n, 1))] * n
            load.stop = True
            await asyncio.gather(*kiosks)
        fs = filesystem_of(db)

    base, busy = percentiles(without), percentiles(with_reports)
    ratio = busy["p99"] / base["p99"] if base.get("p99") else 0.0
    report_s = sorted(s for _, s in load.reports)
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"log: {meta['tickets']:,} tickets over {first} .. {last}; {fs}")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load_before:.2f} before; {KIOSKS} "
        f"kiosks, a ticket each every {a.interval} s; {a.pairs} x ({a.phase:g} s without + "
        f"{a.phase:g} s with reports, via {a.via})"
    )
    print(f"without reports: {len(without):,} tickets, reply {base}")
    print(f"with reports   : {len(with_reports):,} tickets, reply {busy}")
    if report_s:
        print(
            f"reports made meanwhile: {len(report_s)} whole-year reports, median "
            f"{report_s[len(report_s) // 2]:.3f} s each"
        )
    print(f"p99 with / without = {ratio:.2f} (target <= {TARGET}: {verdict})")
    if load.errors:
        print(f"refused tickets: {load.errors}")
    result = {"bench": "report_load", "via": a.via, "kiosks": KIOSKS, "interval_s": a.interval}
    result |= {"phase_s": a.phase, "pairs": a.pairs, "cpus": os.cpu_count()}
    result |= {"loadavg_before": round(load_before, 2), "without_ms": base, "with_ms": busy}
    result |= {"reports": len(report_s), "ratio": round(ratio, 3), "target": TARGET}
    result |= {"met": ratio <= TARGET, "errors": load.errors}
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
