"""Call fan-out latency, measured from outside: how long until every display hears a call.

It speaks only the documented frames (docs/protocol.md), as a third-party client would, so it
measures any server that keeps them, and with `--reference` it first measures a bare
websockets broadcast server (no validation, no storage: the transport floor of this machine)
in the same run. tests/bench/fanout.py starts a Rinda centre and runs this against it.

  python -m tests.bench.fanout_probe --reference            # the floor alone
  python -m tests.bench.fanout_probe --url ws://127.0.0.1:8750/ws --kiosk-token K \
      --counter 1 --counter-token C --service sA --reference

Prints one JSON line: p50/p99/max in ms of the first and of the last display to receive each
call, for the server and (with --reference) the floor, and last_p99_ratio = server / floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect


def quantiles(seconds: list[float]) -> dict[str, float]:
    xs = sorted(seconds)

    def ms(q: float) -> float:
        return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 3)

    return {"p50": ms(0.5), "p99": ms(0.99), "max": round(xs[-1] * 1000, 3), "n": len(xs)}


async def hello(ws: ClientConnection, role: str, token: str | None, **extra: str) -> None:
    await ws.send(
        json.dumps({"type": "hello", "protocol": 1, "role": role, "token": token, **extra})
    )
    while (frame := json.loads(await ws.recv())).get("type") not in ("welcome", "error"):
        pass
    if frame["type"] == "error":
        sys.exit(f"{role} hello refused: {frame}")


async def request(ws: ClientConnection, rid: str, type_: str, **fields: Any) -> dict[str, Any]:
    await ws.send(json.dumps({"type": type_, "id": rid, **fields}))
    while (frame := json.loads(await ws.recv())).get("re") != rid:
        pass
    if frame["type"] != "ok":
        sys.exit(f"{type_} failed: {frame}")
    return dict(frame)


def ticket_number(reply: dict[str, Any]) -> str:
    ticket = reply.get("ticket")
    return str(ticket["number"] if isinstance(ticket, dict) else ticket)


async def measure(a: argparse.Namespace, url: str, bare: bool) -> dict[str, Any]:
    """Issue the tickets first, then call them at `--rate` while the displays listen."""
    sent: dict[str, float] = {}
    heard: dict[str, list[float]] = {}
    all_joined = asyncio.Event()
    joined = 0

    async def display() -> None:
        nonlocal joined
        async with connect(url, max_size=2**22) as ws:
            await hello(ws, "display", None)
            joined += 1
            if joined == a.displays:
                all_joined.set()
            async for raw in ws:
                at = time.perf_counter()
                frame = json.loads(raw)
                if frame.get("type") == "called":
                    heard.setdefault(frame["ticket"], []).append(at)

    calls = int(a.rate * a.seconds)
    async with connect(url) as kiosk:
        await hello(kiosk, "kiosk", a.kiosk_token)
        for i in range(calls):
            await request(kiosk, f"t{i}", "take_ticket", service=a.service, lang="lv")
    listeners = [asyncio.create_task(display()) for _ in range(a.displays)]
    await asyncio.wait_for(all_joined.wait(), 60)
    async with connect(url) as counter:
        await hello(counter, "counter", a.counter_token, counter=a.counter)
        start = time.perf_counter()
        for i in range(calls):
            sent_at = time.perf_counter()
            number = ticket_number(await request(counter, f"c{i}", "call_next"))
            sent[number] = sent_at
            if not bare:
                await request(counter, f"f{i}", "finish", ticket=number)
            # Paced on the schedule, not by a fixed pause: a slow reply does not slow the rate.
            await asyncio.sleep(max(0.0, start + (i + 1) / a.rate - time.perf_counter()))
        await asyncio.sleep(1.0)  # the last call's stragglers
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    first = [min(heard[n]) - t for n, t in sent.items() if n in heard]
    last = [max(heard[n]) - t for n, t in sent.items() if len(heard.get(n, [])) == a.displays]
    if not last:
        sys.exit("no call reached every display")
    missed = sum(1 for n in sent if len(heard.get(n, [])) < a.displays)
    return {"first": quantiles(first), "last": quantiles(last), "calls_not_seen_by_all": missed}


# The floor: the least a websockets server must do to pass the same script.
BARE_SERVER = r"""
import asyncio, json, sys
from websockets.asyncio.server import serve, broadcast
displays, issued = set(), {"take": 0, "call": 0}
async def handler(ws):
    async for raw in ws:
        m = json.loads(raw)
        kind = m.get("type")
        if kind == "hello":
            if m.get("role") == "display":
                displays.add(ws)
            await ws.send(json.dumps({"type": "welcome", "snapshot": {}}))
        elif kind in ("take_ticket", "call_next"):
            key = "take" if kind == "take_ticket" else "call"
            issued[key] += 1
            number = "A%03d" % issued[key]
            await ws.send(json.dumps({"type": "ok", "re": m["id"], "ticket": {"number": number}}))
            if kind == "call_next":
                broadcast(displays, json.dumps({"type": "called", "ticket": number}))
    displays.discard(ws)
async def main():
    async with serve(handler, "127.0.0.1", int(sys.argv[1]), max_size=2**20):
        await asyncio.Future()
asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def floor(a: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", BARE_SERVER, str(port)], stderr=subprocess.DEVNULL
    )
    try:
        async with asyncio.timeout(10):
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.1).close()
                    break
                except OSError:
                    await asyncio.sleep(0.05)  # the bare server is still starting
        return await measure(a, f"ws://127.0.0.1:{port}", bare=True)
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--url")
    p.add_argument("--kiosk-token")
    p.add_argument("--counter", default="1")
    p.add_argument("--counter-token")
    p.add_argument("--service", default="A")
    p.add_argument("--displays", type=int, default=100)
    p.add_argument("--rate", type=float, default=20.0, help="calls per second")
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--reference", action="store_true", help="also measure the bare floor")
    a = p.parse_args()
    out: dict[str, Any] = {
        "displays": a.displays,
        "rate": a.rate,
        "seconds": a.seconds,
        "cpus": os.cpu_count(),
    }
    if a.url:
        out["server"] = asyncio.run(measure(a, a.url, bare=False))
    if a.reference or not a.url:
        out["floor"] = asyncio.run(floor(a))
    if "server" in out and "floor" in out:
        ratio = out["server"]["last"]["p99"] / out["floor"]["last"]["p99"]
        out["last_p99_ratio"] = round(ratio, 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
