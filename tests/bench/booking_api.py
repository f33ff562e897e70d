"""Durable bookings/s through the HTTP booking API: CLIENTS websites (one booking token) each
POST /api/v1/bookings back to back against a real `rinda serve`, one request per connection
as the server answers them, every 201 sent only after its commit. Target: >= 200 bookings/s.

The centre books service sA in 5-minute slots with 50 places each (30 counters), so a run
never runs out of places; the clients share one list of the free places, taken in order.
Afterwards every acknowledged booking code is looked up in the database's event log.

  .venv/bin/python -m tests.bench.booking_api [--seconds 10] [--warmup 2] [--clients 32]
                                              [--dir DIR]

The database goes in a temporary folder under --dir (default: the current folder, since /tmp
is often a RAM disk where fsync costs nothing); the filesystem is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.bench.util import bench_centre, filesystem_of, percentiles, proc_cpu_s, rinda_server

BOOKING = "[services.booking]\nslot_min = 5\nplaces = 50\nshare = 1.0\ndays_ahead = 60\n"
WEBSITE = '[[devices]]\nid = "web"\nrole = "booking"\n'


def centre() -> str:
    text = bench_centre()
    first = 'stop_issuing_min = 0\nname = { lv = "A", ru = "A", en = "A" }\n'
    return text.replace(first, first + BOOKING, 1) + "\n" + WEBSITE


@dataclass
class Run:
    places: Iterator[str]
    counting: bool = False
    stop: bool = False
    # (sent, answered) perf_counter instants of every acknowledged booking, and its code.
    acked: list[tuple[float, float]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def website(session: aiohttp.ClientSession, base: str, token: str, run: Run) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    while not run.stop:
        body = {"service": "sA", "start": next(run.places), "name": "Bench", "contact": "+371"}
        sent = time.perf_counter()
        async with session.post(f"{base}/api/v1/bookings", json=body, headers=headers) as r:
            answer = await r.json()
        done = time.perf_counter()
        if r.status != 201:
            run.errors[answer["error"]["code"]] += 1
        elif run.counting:
            run.acked.append((sent, done))
            run.codes.append(answer["booking"]["code"])


async def free_places(session: aiohttp.ClientSession, base: str, token: str) -> list[str]:
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base}/api/v1/services/sA/slots?days=31"
    async with session.get(url, headers=headers) as r:
        slots = (await r.json())["slots"]
    return [s["start"] for s in slots for _ in range(s["free"])]


def logged_codes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT data FROM events WHERE type = 'booked'").fetchall()
    return {json.loads(bytes(data))["code"] for (data,) in rows}


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--dir", type=Path, default=Path.cwd())
    a = p.parse_args()
    work = a.dir.resolve()
    load_before = os.getloadavg()[0]
    async with rinda_server(centre(), {"web": "booking"}, workdir=work) as srv:
        base = f"http://127.0.0.1:{srv.port}"
        token = srv.tokens["web"]
        connector = aiohttp.TCPConnector(force_close=True, limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            run = Run(iter(await free_places(session, base, token)))
            tasks = [
                asyncio.create_task(website(session, base, token, run)) for _ in range(a.clients)
            ]
            await asyncio.sleep(a.warmup)
            cpu0 = proc_cpu_s(srv.pid)
            run.counting = True
            began = time.perf_counter()
            await asyncio.sleep(a.seconds)
            run.counting = False
            window = time.perf_counter() - began
            cpu = proc_cpu_s(srv.pid) - cpu0
            run.stop = True
            await asyncio.gather(*tasks)
        logged = logged_codes(srv.db)
        fs = filesystem_of(srv.db)
    rate = len(run.acked) / window
    lat = percentiles([done - sent for sent, done in run.acked])
    missing = len(set(run.codes) - logged)
    print(f"filesystem: {fs}; {a.clients} HTTP clients, one request per connection")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_before:.2f} before the run")
    print(f"server : {rate:,.0f} durable bookings/s through the API  (target >= 200)")
    print(f"         reply latency p50 {lat.get('p50')} ms  p99 {lat.get('p99')} ms")
    print(f"         server CPU {cpu / window:.0%} of one core")
    print(f"checked: {len(run.codes)} acknowledged, {missing} missing from the log")
    print(f"errors : {dict(run.errors) or 'none'}")
    figures = {
        "bench": "booking_api",
        "bookings_per_s": round(rate, 1),
        "latency_ms": lat,
        "acknowledged": len(run.codes),
        "missing": missing,
        "errors": dict(run.errors),
        "clients": a.clients,
        "server_cpu_share": round(cpu / window, 3),
        "filesystem": fs,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
