"""A busy year of one centre's log, made by the pure core and stored as the server stores it.

~250 working days x 1,600 tickets over 20 services (the bench centre of tests/bench/util.py);
each ticket taken -> called -> finished by one of 30 counters, with Europe/Riga clock times
through the day (a morning and an afternoon peak; service times ~8 min, lognormal); counters
sign in at 07:58 and out after the last visitor; a fifth of the visitors rate their visit on
the phone page; a day roll every calendar day. Events go in
with EventStore.append in batches, with the replies the server keeps (built by the server's
own reply builders), and a snapshot whenever SNAPSHOT_EVERY events have passed since the last
one, as Owner._process does after a commit (server/net/owner.py); each closed day's report
summary is kept by the server's own function (server/store/summaries.py: keep_summary).

Used by tests/bench/startup.py; any benchmark that needs a year of history can use it.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import random
import sqlite3
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
from server.core.model import State
from server.net.owner import SNAPSHOT_EVERY, nothing
from server.net.requests import RequestRouter
from server.protocol.replies import encode
from server.store.events import EventStore
from server.store.schema import SCHEMA_VERSION
from server.store.summaries import FACTS_VERSION, keep_summary
from tests.bench.util import bench_centre

HOLIDAYS = {(1, 1), (5, 1), (5, 4), (6, 23), (6, 24), (11, 18), (12, 24), (12, 25), (12, 26)}
RATED_SHARE = 0.2  # visitors who rate their visit
REASONS = ("waited_too_long", "not_helped", "unclear_information", "other")
BATCH = 500  # events per append: well under SNAPSHOT_EVERY, so snapshots land as in the server


def log_format() -> str:
    """Changes with the schema, the events, the snapshot State or the report summaries' rules:
    a cached log is then stale."""
    shapes = msgspec.json.encode([msgspec.json.schema(State), msgspec.json.schema(ev.AnyEvent)])
    return f"{SCHEMA_VERSION}.{FACTS_VERSION}-{hashlib.sha1(shapes).hexdigest()[:12]}"


class Year:
    """Drives a Centre through a year and stores what the server would have stored."""

    def __init__(self, config_text: str, store: EventStore, seed: int) -> None:
        self.config = loads(config_text)
        self.centre = Centre(self.config)
        # The server's own reply builders, so the stored replies have their real size.
        owner = SimpleNamespace(centre=self.centre, clock=lambda: datetime.now(UTC))
        self.router = RequestRouter(self.config, owner, store, None)  # type: ignore[arg-type]
        self.store, self.rng = store, random.Random(seed)
        self.services = list(self.config.services)
        self.weights = [1 / (i + 1) ** 0.8 for i in range(len(self.services))]
        self.counters = list(self.config.counters)
        self.events: list[ev.AnyEvent] = []
        self.replies: list[tuple[str, str, bytes]] = []
        self.requests = self.snapshot_seq = self.snapshots = self.tickets = 0

    async def run(self, cmd: c.AnyCommand, now: datetime, device: str, build: Any = None) -> bool:
        events = self.centre.execute(cmd, now)
        self.events += events
        if events and build is not None:
            self.requests += 1
            rid = f"{device}-{self.requests}"
            self.replies.append((device, rid, encode(build(rid, events, now))))
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
        tz, rng = self.config.tz, self.rng
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
                # Told the wait the server would tell (server/core/estimate.py), so the
                # reports read a year of told waits as well.
                told = self.centre.waits(at(s)).new.get((what, None))
                cmd = c.TakeTicket(service=what, token=token, device=device, told_wait_s=told)
                await self.run(cmd, at(s), device, self.router._ticket_reply)
                self.tickets += 1
                if idle:
                    await call(idle.pop(), s)
            else:  # a counter finishes and calls the next visitor
                number = busy.pop(what)
                cmd = c.Finish(counter=what, ticket=number)
                await self.run(cmd, at(s), f"c{what}", self.router._ticket_view)
                await self.rate(number, at(s))
                await call(what, s)
        for cid in self.counters:
            await self.run(c.CloseCounter(counter=cid), at(last + 60), f"c{cid}", nothing)

    async def rate(self, number: str, now: datetime) -> None:
        """About one visitor in five answers on the phone page as the visit ends (most
        pleased, some not, half of the unhappy with a reason), so the reports read a year of
        ratings too."""
        rng = self.rng
        if rng.random() >= RATED_SHARE:
            return
        score = rng.choices((1, 2, 3, 4, 5), (6, 6, 13, 30, 45))[0]
        reason = rng.choice(REASONS) if score <= 2 and rng.random() < 0.5 else None
        cmd = c.RateVisit(ticket=number, counter=None, score=score, reason=reason, by="phone")
        await self.run(cmd, now, "phone")


async def generate(db: Path, config_text: str, days: int, per_day: int) -> dict[str, Any]:
    started = time.perf_counter()
    partial = db.with_name(db.name + ".partial")
    for leftover in db.parent.glob(partial.name + "*"):
        leftover.unlink()
    store = await EventStore.open(partial)
    year = Year(config_text, store, seed=1)
    last = datetime.now(year.config.tz).date() - timedelta(days=1)
    for i in range(days):
        day = last - timedelta(days=days - 1 - i)
        await year.day(day, per_day)
        # As the server does once the next day has rolled: the closed day's report summary.
        await year.flush()
        await keep_summary(store, year.config, day)
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


def year_options(p: argparse.ArgumentParser) -> None:
    """The options of a benchmark that works on the cached year: where it is kept, its size,
    and whether to build it again."""
    default = Path(tempfile.gettempdir()) / "rinda-bench-startup" / "year.db"
    p.add_argument("--keep", type=Path, default=default, help="cached log (default: %(default)s)")
    p.add_argument("--days", type=int, default=365, help="calendar days (default 365)")
    p.add_argument("--per-day", type=int, default=1600, help="tickets per working day")
    p.add_argument("--regenerate", action="store_true", help="rebuild the cached log")


async def cached_year(db: Path, days: int, per_day: int, regenerate: bool) -> dict[str, Any]:
    """The year's log at `db`, generated unless a log of the same size and format is there;
    returns what generate() said of it, with "cached": whether it was already there."""
    db.parent.mkdir(parents=True, exist_ok=True)
    meta_file = db.with_name(db.name + ".json")
    meta = json.loads(meta_file.read_text()) if meta_file.exists() and db.exists() else None
    wanted = {"days": days, "per_day": per_day, "format": log_format()}
    if regenerate or meta is None or {k: meta.get(k) for k in wanted} != wanted:
        print(f"generating {days} days x {per_day} tickets into {db} ...", file=sys.stderr)
        meta = {**wanted, **await generate(db, bench_centre(), days, per_day), "cached": False}
        meta_file.write_text(json.dumps(meta))
        return meta
    return {**meta, "cached": True}


async def year_with_config(doc: str) -> tuple[argparse.Namespace, Path, Path, date, date]:
    """A benchmark's options (`doc` its description), the cached year, and the centre's file
    beside it: (options, database, config file, first day, last day)."""
    p = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    year_options(p)
    a = p.parse_args()
    db = a.keep.resolve()
    meta = await cached_year(db, a.days, a.per_day, a.regenerate)
    config = db.with_name(db.name + ".toml")
    config.write_text(bench_centre(), encoding="utf-8")
    last = date.fromisoformat(meta["last_day"])
    first = last - timedelta(days=a.days - 1)
    print(f"log: {meta['events']:,} events, {meta['tickets']:,} tickets, {first}..{last}")
    return a, db, config, first, last
