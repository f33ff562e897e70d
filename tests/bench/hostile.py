"""2,000 hostile connections against one `rinda serve`, while two kiosks take tickets.

The strangers have no token and come from 125 loopback addresses (127.0.1.x), 16 each, in
three kinds, each reconnecting as soon as it is cut off, for the whole run:
- idle: open a websocket and say nothing;
- non-reading: send 60 refused frames of ~3.9 kB and then read nothing at all;
- flooding: send refused frames (an invalid `lang` of ~3.9 kB, a forged log line in `type`)
  back to back, reading each answer.
The strangers run in a process of their own, on a core of their own (as if on another
machine; `--shared-cpu` lets them share the server's). Meanwhile two kiosks (one token each)
take a ticket every 50 ms between them, each timed from send to acknowledgement. Sampled
every 0.5 s: the server's resident memory (VmRSS) and the connections /health counts; at
the end, the server's log (at the default INFO level) is measured. Targets: RSS <= 150 MB,
kiosk p99 <= 50 ms, and no more than ~10 kB of log a second.

`--door default` runs the centre with the door's built-in limits (512 unauthenticated
connections at most, so most of the 2,000 are turned away and keep coming back);
`--door wide` raises those limits so that all 2,000 are attached at once (memory per
attached stranger).

  .venv/bin/python -m tests.bench.hostile [--door default|wide] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from tests.bench.memory import raise_nofile
from tests.bench.util import (
    bench_centre,
    get_health,
    make_tokens,
    percentiles,
    proc_cpu_s,
    proc_status,
)
from tests.server.harness import rinda_serve

HOSTILE = 2000
PER_ADDRESS = 16
BAD_LANG = json.dumps({"type": "take_ticket", "id": "x", "service": "sA", "lang": "L" * 3900})
FORGED = json.dumps({"type": "x\n2026-11-28 09:00:00 INFO rinda.server: kiosk k1 connected"})
WIDE = "unauthenticated_per_address = 100000\nmax_unauthenticated = 100000\nhello_timeout_s = 600"


class Tally:
    def __init__(self) -> None:
        self.connects = 0
        self.cut = 0
        self.frames = 0


async def _attacker(url: str, source: str, kind: str, stop: float, tally: Tally) -> None:
    """One stranger, coming back whenever it is cut off, until `stop`."""
    while time.monotonic() < stop:
        try:
            async with connect(
                url,
                local_addr=(source, 0),
                max_queue=1,
                ping_interval=None,
                open_timeout=10,
                close_timeout=0.1,
            ) as ws:
                tally.connects += 1
                if kind == "idle":
                    await _until(stop, ws.wait_closed)
                elif kind == "non-reading":
                    for _ in range(60):
                        await ws.send(BAD_LANG)
                        tally.frames += 1
                    # It reads nothing, so it never learns it was cut: it comes back now and
                    # then, as an attacker holding sockets would.
                    await asyncio.sleep(min(12.0, max(0.0, stop - time.monotonic())))
                else:
                    while time.monotonic() < stop:
                        for frame in (BAD_LANG, FORGED):
                            await ws.send(frame)
                            await ws.recv()
                            tally.frames += 1
        except (OSError, TimeoutError, WebSocketException):
            pass
        tally.cut += 1
        await asyncio.sleep(0.2)


async def _until(stop: float, wait: Callable[[], Awaitable[Any]]) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(max(0.0, stop - time.monotonic())):
            await wait()


async def _kiosk(url: str, token: str, stop: float, period: float, waits: list[float]) -> None:
    async with connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol": 1, "role": "kiosk", "token": token}))
        assert json.loads(await ws.recv())["type"] == "welcome"
        n = 0
        next_at = time.monotonic()
        while time.monotonic() < stop:
            n += 1
            rid = f"{token[:6]}-{n}"
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "take_ticket", "id": rid, "service": "sA"}))
            while json.loads(await ws.recv()).get("re") != rid:
                pass
            waits.append(time.perf_counter() - sent)
            next_at += period
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))


async def _sample(pid: int, port: int, stop: float, out: dict[str, list[float]]) -> None:
    while time.monotonic() < stop:
        out["rss_mb"].append(proc_status(pid)["VmRSS"] / 1024)
        health = await asyncio.to_thread(get_health, port, 2.0)
        if health is not None:
            out["unauthenticated"].append(health["unauthenticated"])
            out["health_ok"].append(1.0)
        else:
            out["health_ok"].append(0.0)
        await asyncio.sleep(0.5)


async def attack(url: str, seconds: float) -> None:
    """The strangers' process: prints its tally as one JSON line at the end."""
    stop = time.monotonic() + seconds
    tally = Tally()
    kinds = ("idle", "non-reading", "flooding")
    await asyncio.gather(
        *(
            _attacker(url, f"127.0.1.{1 + i // PER_ADDRESS}", kinds[i % 3], stop, tally)
            for i in range(HOSTILE)
        )
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = round(usage.ru_utime + usage.ru_stime, 1)
    print(json.dumps({"connects": tally.connects, "frames": tally.frames, "cpu_s": cpu}))


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--door", choices=("default", "wide"), default="default")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument(
        "--shared-cpu", action="store_true", help="let the strangers share the server's cores"
    )
    ap.add_argument("--attack", metavar="URL", help=argparse.SUPPRESS)
    a = ap.parse_args()
    raise_nofile(HOSTILE * 2 + 1000)
    if a.attack:
        await attack(a.attack, a.seconds)
        return
    # The strangers stand in for other machines: on a machine of two cores or more they get
    # their own core, and the server and the kiosks another, so that what is measured is
    # what they cost the server and not a fight for the same CPU.
    cores = sorted(os.sched_getaffinity(0))
    split = len(cores) >= 2 and not a.shared_cpu
    if split:
        os.sched_setaffinity(0, cores[:1])
    centre = bench_centre(services=2, counters=2, kiosks=2, door=WIDE if a.door == "wide" else "")
    with tempfile.TemporaryDirectory() as tmp:
        config, db = Path(tmp) / "centre.toml", Path(tmp) / "rinda.db"
        config.write_text(centre, encoding="utf-8")
        tokens = await make_tokens(db, {"k1": "kiosk", "k2": "kiosk"})
        log_file = db.parent / f"{db.name}.log"
        async with rinda_serve(config, db) as (proc, ready):
            url, port = ready["url"], ready["port"]
            if split:
                os.sched_setaffinity(proc.pid, cores[:1])
            idle_rss = proc_status(proc.pid)["VmRSS"] / 1024
            cpu_before = proc_cpu_s(proc.pid)
            log_before = log_file.stat().st_size
            start = time.monotonic()
            stop = start + a.seconds
            strangers = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.bench.hostile", "--attack", url,
                "--seconds", str(a.seconds), stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            if split:
                os.sched_setaffinity(strangers.pid, cores[1:])
            waits: list[float] = []
            samples: dict[str, list[float]] = {"rss_mb": [], "unauthenticated": [], "health_ok": []}
            await asyncio.gather(
                _kiosk(url, tokens["k1"], stop, 0.1, waits),
                _kiosk(url, tokens["k2"], stop, 0.1, waits),
                _sample(proc.pid, port, stop, samples),
            )
            out, _ = await strangers.communicate()
            tally = json.loads(out.decode().strip().splitlines()[-1])
            elapsed = time.monotonic() - start
            log_bytes = log_file.stat().st_size - log_before
            server_cpu = proc_cpu_s(proc.pid) - cpu_before
            peak = proc_status(proc.pid)["VmHWM"] / 1024
    held = samples["unauthenticated"]
    result = {
        "door": a.door,
        "cpus": "strangers apart" if split else "shared",
        "seconds": round(elapsed, 1),
        "hostile_clients": HOSTILE,
        "server_cpu_s": round(server_cpu, 1),
        "attacker_cpu_s": tally["cpu_s"],
        "attacker_connects": tally["connects"],
        "refused_frames_sent": tally["frames"],
        "unauthenticated_held_max": max(held, default=0),
        "unauthenticated_held_mean": round(sum(held) / max(1, len(held))),
        "health_answered": f"{int(sum(samples['health_ok']))}/{len(samples['health_ok'])}",
        "rss_mb_idle": round(idle_rss, 1),
        "rss_mb_max": round(max(samples["rss_mb"]), 1),
        "rss_mb_peak_hwm": round(peak, 1),
        "kiosk_tickets": len(waits),
        "kiosk_ms": percentiles(waits),
        "log_bytes": log_bytes,
        "log_bytes_per_s": round(log_bytes / elapsed),
    }
    print(
        f"{a.door} door, {HOSTILE} hostile clients for {elapsed:.0f} s: "
        f"{tally['connects']} connects, {tally['frames']} refused frames; "
        f"held without hello max {result['unauthenticated_held_max']}; "
        f"RSS {idle_rss:.1f} -> max {result['rss_mb_max']} MB (target <= 150); "
        f"kiosk p50 {result['kiosk_ms'].get('p50')} p99 {result['kiosk_ms'].get('p99')} ms "
        f"over {len(waits)} tickets (target p99 <= 50); "
        f"log {result['log_bytes_per_s']} B/s (target <= ~10 kB/s); "
        f"/health answered {result['health_answered']}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
