"""Counters racing `call_next`: N counters call and finish as fast as they can over one queue
of T tickets against `rinda serve`. Prints the visitors called and finished per second and
the call latency, and checks that every ticket was called exactly once (the property
tests/counter/test_concurrency.py proves, here under load).

  .venv/bin/python -m tests.bench.counter_race [--counters 30] [--tickets 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from contextlib import AsyncExitStack
from typing import Any

from tests.bench.util import bench_centre, percentiles, rinda_server
from tests.server.harness import Peer, peer


def hello(role: str, token: str, counter: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "hello", "protocol": 1, "role": role, "token": token}
    if counter is not None:
        frame["counter"] = counter
    return frame


async def work(counter: Peer, start: asyncio.Event, latencies: list[float]) -> list[str]:
    await start.wait()
    mine: list[str] = []
    while True:
        sent = time.perf_counter()
        reply = await counter.request("call_next")
        latencies.append(time.perf_counter() - sent)
        assert reply["type"] == "ok", reply
        if reply["ticket"] is None:
            return mine
        mine.append(reply["ticket"]["number"])
        assert (await counter.request("finish", ticket=mine[-1]))["type"] == "ok"
        # Events of the other counters pile up unread otherwise.
        counter.events.clear()


async def run(counters: int, tickets: int) -> dict[str, Any]:
    devices = {f"c{i}": "counter" for i in range(1, counters + 1)} | {"k1": "kiosk"}
    config = bench_centre(services=1, counters=counters, kiosks=1)
    async with rinda_server(config, devices) as srv:
        async with peer(srv.url, hello("kiosk", srv.tokens["k1"])) as kiosk:
            issued = [
                (await kiosk.request("take_ticket", service="sA"))["ticket"]["number"]
                for _ in range(tickets)
            ]
        async with AsyncExitStack() as stack:
            peers = [
                await stack.enter_async_context(
                    peer(srv.url, hello("counter", srv.tokens[f"c{i}"], str(i)))
                )
                for i in range(1, counters + 1)
            ]
            start, latencies = asyncio.Event(), []
            tasks = [asyncio.create_task(work(p, start, latencies)) for p in peers]
            began = time.perf_counter()
            start.set()
            results = await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - began
    called = Counter(n for numbers in results for n in numbers)
    twice = sum(1 for n in called.values() if n > 1)
    missing = len(set(issued) - set(called))
    return {
        "counters": counters,
        "tickets": tickets,
        "calls_per_s": round(len(called) / elapsed, 1),
        "call_ms": percentiles(latencies),
        "called_twice": twice,
        "never_called": missing,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--counters", type=int, default=30)
    p.add_argument("--tickets", type=int, default=3000)
    a = p.parse_args()
    result = asyncio.run(run(a.counters, a.tickets))
    print(
        f"{result['counters']} counters, {result['tickets']} tickets: "
        f"{result['calls_per_s']} visitors called and finished per s, "
        f"call p50 {result['call_ms']['p50']} ms, "
        f"p99 {result['call_ms']['p99']} ms; called twice {result['called_twice']}, "
        f"never called {result['never_called']}"
    )
    print(json.dumps({"bench": "counter_race", **result}))
    if result["called_twice"] or result["never_called"]:
        raise SystemExit("a ticket was called twice or never")


if __name__ == "__main__":
    main()
