"""Shared by the benchmark scripts: a real `rinda serve` process on 127.0.0.1, with tokens.

Benchmarks are run on purpose (never by pytest): `python -m tests.bench.<name>`.
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.store.events import EventStore
from server.store.tokens import add_token
from tests.server.harness import rinda_serve

OPEN_DOOR = (
    "unauthenticated_per_address = 100000\nmax_unauthenticated = 100000\n"
    "connection_burst_per_address = 100000\nconnections_per_address_per_s = 100000"
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def bench_centre(
    services: int = 20, counters: int = 30, kiosks: int = 20, door: str | None = None
) -> str:
    """An always-open centre with 4-digit numbers and no kiosk rate limit: a load generator
    is not a stuck touchscreen, and one service's 999 numbers would run out in a second."""
    week = "\n".join(f'{d} = ["00:00-24:00"]' for d in DAYS)
    out = [
        '[centre]\nname = { lv = "Bench", ru = "Bench", en = "Bench" }',
        f"[hours]\n{week}",
        "[limits]\nkiosk_burst = 1000000\nkiosk_per_minute = 100000000\n"
        # A bench's counter calls 20 times a second: far above a clerk's request budget.
        "request_burst = 1000000\nrequests_per_second = 1000000\n"
        # A load generator opens hundreds of connections at once from one address, which the
        # door (server/net/doorman.py) would take for a stranger holding sockets; `door`
        # replaces this with the door's own limits.
        + (door if door is not None else OPEN_DOOR),
    ]
    for i in range(services):
        letter = chr(ord("A") + i)
        out.append(
            f'[[services]]\nid = "s{letter}"\nprefix = "{letter}"\ninstitution = "x"\ndigits = 4\n'
            "stop_issuing_min = 0\n"
            f'name = {{ lv = "{letter}", ru = "{letter}", en = "{letter}" }}'
        )
    all_services = ", ".join(f'"s{chr(ord("A") + i)}"' for i in range(services))
    for c in range(1, counters + 1):
        out.append(f'[[counters]]\nid = "{c}"\nname = "{c}"\nservices = [{all_services}]')
        out.append(f'[[devices]]\nid = "c{c}"\nrole = "counter"\ncounter = "{c}"')
    for k in range(1, kiosks + 1):
        out.append(f'[[devices]]\nid = "k{k}"\nrole = "kiosk"')
    out.append('[[devices]]\nid = "m1"\nrole = "manager"')
    return "\n\n".join(out) + "\n"


@dataclass
class BenchServer:
    url: str
    port: int
    pid: int
    tokens: dict[str, str]
    db: Path


async def make_tokens(db: Path, devices: dict[str, str]) -> dict[str, str]:
    store = await EventStore.open(db)
    try:
        return {d: await add_token(store, role, d) for d, role in devices.items()}
    finally:
        await store.close()


@asynccontextmanager
async def rinda_server(
    config_text: str, devices: dict[str, str], workdir: Path | None = None, db: Path | None = None
) -> AsyncIterator[BenchServer]:
    """Start `rinda serve` on a free port; `devices` maps device id -> role to mint tokens for."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        config = Path(tmp) / "centre.toml"
        config.write_text(config_text, encoding="utf-8")
        db = db or Path(tmp) / "rinda.db"
        tokens = await make_tokens(db, devices)
        async with rinda_serve(config, db, "--log-level", "WARNING") as (proc, ready):
            yield BenchServer(ready["url"], ready["port"], proc.pid, tokens, db)


def percentiles(xs: list[float]) -> dict[str, float]:
    """p50/p95/p99/max of seconds, in milliseconds."""
    xs = sorted(xs)
    if not xs:
        return {}

    def pick(q: float) -> float:
        return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 3)

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "max": round(xs[-1] * 1000, 3)}


def proc_status(pid: int) -> dict[str, int]:
    """The kB figures (VmRSS, VmHWM, VmSize...) of a Linux process, from /proc/<pid>/status."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith(" kB"):
            out[key] = int(value.split()[0])
    return out


def proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds a Linux process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def filesystem_of(path: Path) -> str:
    """The mount that holds `path`, like "ext4 /dev/vda on /" (fsync cost depends on it)."""
    path = Path(path).resolve()
    best = ("", "?", "?")
    for line in Path("/proc/mounts").read_text().splitlines():
        dev, mount, fstype = line.split()[:3]
        if path.is_relative_to(mount) and len(mount) >= len(best[0]):
            best = (mount, fstype, dev)
    return f"{best[1]} {best[2]} on {best[0]}"


def get_health(port: int, timeout: float = 5.0) -> dict[str, Any] | None:
    """The JSON body of GET /health on 127.0.0.1:`port`, or None if nothing answers (yet)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/health")
        body: dict[str, Any] = json.loads(conn.getresponse().read())
        return body
    except (OSError, ValueError):
        return None
    finally:
        conn.close()


def evict_from_page_cache(path: Path) -> None:
    """Drop a file's pages from the OS page cache (no root needed): a cold-ish read next."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
