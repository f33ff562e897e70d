"""How fast the event store appends and loads. A benchmark, not a test: run it on purpose,

    .venv/bin/python -m tests.bench.store_append [--appends 5000] [--year-events 1600000]

on the disk the server will use (`--dir`; the default is a temporary folder in the current
one, since /tmp is often a RAM disk where fsync costs nothing). It prints the figures and one
JSON line with all of them.

- the disk's own fdatasync/s, the ceiling for one-commit-per-append;
- appends/s in a loop, one committed (fsynced, synchronous=FULL) transaction per append, with
  batches of 1 and of 20 events, each with a reply as the server stores them;
- opening and loading a year of log (~1.6M events) with a snapshot near its end, and without.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from server.config import WEEKDAYS, loads
from server.core import events as ev
from server.core.centre import Centre
from server.store.events import EventStore

T0 = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)


def _text(s: str) -> str:
    return f'{{ lv = "{s}", ru = "{s}", en = "{s}" }}'


CONFIG = "\n".join(
    [
        "[centre]",
        f"name = {_text('Bench')}",
        "[hours]",
        *(f'{d} = ["00:00-24:00"]' for d in WEEKDAYS),
        *(
            line
            for sid, prefix in (("a", "A"), ("b", "B"))
            for line in (
                "[[services]]",
                f'id = "{sid}"',
                f'prefix = "{prefix}"',
                f"name = {_text(sid)}",
                'institution = "x"',
                "digits = 4",
            )
        ),
        *(
            line
            for cid in ("1", "2", "3")
            for line in (
                "[[counters]]",
                f'id = "{cid}"',
                f'name = "{cid}"',
                'services = ["a", "b"]',
            )
        ),
    ]
)


def ticket(n: int, at: datetime) -> ev.TicketTaken:
    return ev.TicketTaken(
        at=at,
        ticket=f"A{n % 10000:04d}",
        service="a",
        priority=None,
        lang="lv",
        token="Zs8Qd2lXQ0h3b1Bv",
        device="k1",
    )


def syncs_per_second(folder: Path, n: int = 1000) -> float:
    """The disk's own pace: 4 KiB write + fdatasync, as a commit at synchronous=FULL needs."""
    path = folder / "sync.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        start = time.perf_counter()
        for i in range(n):
            os.pwrite(fd, b"x" * 4096, (i % 16) * 4096)
            os.fdatasync(fd)
        return n / (time.perf_counter() - start)
    finally:
        os.close(fd)
        path.unlink()


async def appends_per_second(folder: Path, batch: int, appends: int) -> float:
    path = folder / f"append-{batch}.db"
    async with await EventStore.open(path) as store:
        reply = b'{"type":"ok","re":"r","ticket":"A0001","ahead":3,"wait_s":600}'
        start = time.perf_counter()
        for i in range(appends):
            at = T0 + timedelta(milliseconds=i)
            events = [ticket(i * batch + j, at) for j in range(batch)]
            await store.append(events, [("k1", f"r{i}", reply)])
        elapsed = time.perf_counter() - start
    return appends / elapsed


def a_year(visitors_per_day: int) -> Iterator[ev.AnyEvent]:
    """A plausible year of events: each visitor is taken, called, served and finished."""
    for day in range(365):
        opening = T0 + timedelta(days=day)
        yield ev.DayRolled(at=opening, day=date(2026, 1, 5) + timedelta(days=day))
        for counter in ("1", "2", "3"):
            yield ev.CounterOpened(at=opening, counter=counter, clerk=f"clerk{counter}")
        for v in range(visitors_per_day):
            at = opening + timedelta(seconds=30 * v)
            service = "ab"[v % 2]
            number = f"{service.upper()}{v // 2 + 1:04d}"
            counter = str(v % 3 + 1)
            yield ev.TicketTaken(
                at=at,
                ticket=number,
                service=service,
                priority=None,
                lang="lv",
                token="Zs8Qd2lXQ0h3b1Bv",
                device="k1",
            )
            yield ev.TicketCalled(at=at, ticket=number, counter=counter, clerk=None)
            yield ev.ServingStarted(at=at, ticket=number, counter=counter)
            yield ev.TicketFinished(at=at + timedelta(minutes=8), ticket=number, counter=counter)


async def year_load(folder: Path, year_events: int, tail: int) -> dict[str, float]:
    path = folder / "year.db"
    centre = Centre(loads(CONFIG))
    per_day = max(1, (year_events // 365 - 4) // 4)
    events = list(a_year(per_day))
    cut = len(events) - tail
    async with await EventStore.open(path) as store:
        start = time.perf_counter()
        for i in range(0, len(events), 10_000):
            chunk = events[i : i + 10_000]
            await store.append(chunk)
        written = time.perf_counter() - start
        for e in events[:cut]:
            centre.apply(e)
        await store.save_snapshot(cut, centre.state)
    out: dict[str, float] = {"year_events": len(events), "year_write_s": written}

    async def timed_load() -> tuple[float, float, int]:
        start = time.perf_counter()
        async with await EventStore.open(path) as store:
            opened = time.perf_counter()
            _, _, loaded = await store.load()
            done = time.perf_counter()
        return opened - start, done - opened, len(loaded)

    out["open_s"], out["load_with_snapshot_s"], out["tail_events"] = await timed_load()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM snapshots")
    conn.close()
    _, out["load_without_snapshot_s"], _ = await timed_load()
    out["db_mb"] = path.stat().st_size / 1e6
    return out


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--appends", type=int, default=5000, help="appends per measurement")
    p.add_argument("--year-events", type=int, default=1_600_000, help="0 skips the load test")
    p.add_argument("--tail", type=int, default=2000, help="events after the snapshot")
    p.add_argument("--dir", type=Path, default=Path.cwd(), help="where to put the databases")
    args = p.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="rinda-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        figures["disk_fdatasync_per_s"] = syncs_per_second(folder)
        print(f"the disk itself: {figures['disk_fdatasync_per_s']:8.0f} fdatasync/s (4 KiB each)")
        for batch in (1, 20):
            rate = await appends_per_second(folder, batch, args.appends)
            figures[f"appends_per_s_batch_{batch}"] = rate
            print(
                f"batch of {batch:2d}: {rate:8.0f} appends/s = {rate * batch:8.0f} events/s "
                "(each append one fsynced transaction, with a reply)"
            )
        if args.year_events:
            year = await year_load(folder, args.year_events, args.tail)
            figures.update(year)
            print(
                f"a year of log: {year['year_events']:.0f} events, {year['db_mb']:.0f} MB, "
                f"written in {year['year_write_s']:.1f} s"
            )
            print(f"  open (migrations + checks):        {year['open_s'] * 1000:8.1f} ms")
            print(
                f"  load, snapshot + {year['tail_events']:.0f} events:   "
                f"{year['load_with_snapshot_s'] * 1000:8.1f} ms"
            )
            print(f"  load, no snapshot (full replay):   {year['load_without_snapshot_s']:8.2f} s")
    print(json.dumps({"bench": "store", **{k: round(v, 4) for k, v in figures.items()}}))


if __name__ == "__main__":
    asyncio.run(main())
