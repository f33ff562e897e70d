"""Call fan-out: from a counter's `call_next` until the `called` event reaches the LAST of 100
displays, while 30 more counters sit connected and idle.

Runs the protocol-only measuring script tests/bench/fanout_probe.py (or another with
--fanout PATH) against it; with --reference it measures a bare websockets broadcast server in
the same run: the floor of this machine. Target: p99 <= 1.5x the floor and <= 15 ms.

  .venv/bin/python -m tests.bench.fanout [--seconds 30] [--rate 20] [--displays 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from contextlib import AsyncExitStack
from pathlib import Path

from websockets.asyncio.client import connect

from tests.bench.util import bench_centre, rinda_server

PROBE = Path(__file__).with_name("fanout_probe.py")


async def idle_counter(url: str, token: str, counter: str, stack: AsyncExitStack) -> None:
    ws = await stack.enter_async_context(connect(url))
    hello = {"type": "hello", "protocol": 1, "role": "counter", "token": token, "counter": counter}
    await ws.send(json.dumps(hello))
    assert json.loads(await ws.recv())["type"] == "welcome"


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--fanout", type=Path, default=PROBE, help="the measuring script")
    p.add_argument("--seconds", default="30")
    p.add_argument("--rate", default="20")
    p.add_argument("--displays", default="100")
    p.add_argument("--idle-counters", type=int, default=30)
    a = p.parse_args()
    devices = {"k1": "kiosk", **{f"c{i}": "counter" for i in range(1, a.idle_counters + 2)}}
    config = bench_centre(counters=a.idle_counters + 1)
    async with rinda_server(config, devices) as srv, AsyncExitStack() as stack:
        for i in range(2, a.idle_counters + 2):
            await idle_counter(srv.url, srv.tokens[f"c{i}"], str(i), stack)
        print(f"server {srv.url}: {a.idle_counters} idle counters connected", file=sys.stderr)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(a.fanout),
            "--url",
            srv.url,
            "--kiosk-token",
            srv.tokens["k1"],
            "--counter",
            "1",
            "--counter-token",
            srv.tokens["c1"],
            "--service",
            "sA",
            "--displays",
            a.displays,
            "--rate",
            a.rate,
            "--seconds",
            a.seconds,
            "--reference",
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await proc.communicate()
        if proc.returncode != 0:
            sys.exit(f"the measuring script failed (exit {proc.returncode}): {out.decode()}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    server, floor = result["server"]["last"], result["floor"]["last"]
    print(f"last display, server: p50 {server['p50']}  p99 {server['p99']}  max {server['max']} ms")
    print(f"last display, floor : p50 {floor['p50']}  p99 {floor['p99']}  max {floor['max']} ms")
    print(f"p99 ratio server/floor: {result['last_p99_ratio']}  (target <= 1.5 and p99 <= 15 ms)")
    print(f"calls not seen by every display: {result['server']['calls_not_seen_by_all']}")
    print(json.dumps({"bench": "fanout", "idle_counters": a.idle_counters, **result}))


if __name__ == "__main__":
    asyncio.run(main())
