"""Server memory with 1,000 idle displays: the resident set of the `rinda serve` process (VmRSS
and its peak VmHWM, from /proc/<pid>/status) before any client and with every display
connected and welcomed; then one ticket is taken and every display must hear of it (its `taken`
event, or the `queue` frame counting it), to show they are all live. Target: <= 150 MB.

Displays connect anonymously (allowed on loopback), in batches. They offer permessage-deflate
like any websockets client; the server declines it (see server/net/app.py).

  .venv/bin/python -m tests.bench.memory [--displays 1000] [--batch 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time

from websockets.asyncio.client import ClientConnection, connect

from tests.bench.util import bench_centre, get_health, percentiles, proc_status, rinda_server

TARGET_MB = 150.0


def raise_nofile(needed: int) -> tuple[int, int]:
    """Raise this process's soft RLIMIT_NOFILE (inherited by the server it starts)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


async def display(url: str) -> ClientConnection:
    ws = await connect(url, max_size=None, open_timeout=60)
    await ws.send(json.dumps({"type": "hello", "protocol": 1, "role": "display"}))
    frame = json.loads(await ws.recv())
    if frame.get("type") != "welcome":
        raise RuntimeError(f"display got no welcome: {frame}")
    return ws


async def until_seen(ws: ClientConnection, number: str, service: str) -> float:
    """When this display learnt of ticket `number`: its `taken` event, or a `queue` frame that
    counts it (displays may be sent only the coalesced queue frames, not `taken`)."""
    while True:
        frame = json.loads(await ws.recv())
        if frame.get("type") == "taken" and frame.get("ticket") == number:
            return time.perf_counter()
        if frame.get("type") == "queue" and frame["services"][service]["waiting"] > 0:
            return time.perf_counter()


def mb(kb: int) -> float:
    return round(kb / 1024, 1)


async def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--displays", type=int, default=1000)
    p.add_argument("--batch", type=int, default=100, help="connections opened at once")
    a = p.parse_args()
    nofile = raise_nofile(a.displays + 512)
    displays: list[ClientConnection] = []
    async with rinda_server(bench_centre(), {"k1": "kiosk"}) as srv:
        before = proc_status(srv.pid)
        t0 = time.perf_counter()
        while len(displays) < a.displays:
            n = min(a.batch, a.displays - len(displays))
            displays += await asyncio.gather(*(display(srv.url) for _ in range(n)))
        connect_s = time.perf_counter() - t0
        await asyncio.sleep(1.0)  # let the last handshakes' garbage go
        connected = proc_status(srv.pid)
        seen_by_server = ((await asyncio.to_thread(get_health, srv.port)) or {}).get("connections")

        kiosk = await connect(srv.url)
        await kiosk.send(
            json.dumps({"type": "hello", "protocol": 1, "role": "kiosk", "token": srv.tokens["k1"]})
        )
        assert json.loads(await kiosk.recv())["type"] == "welcome"
        sent = time.perf_counter()
        await kiosk.send(json.dumps({"type": "take_ticket", "id": "m-1", "service": "sA"}))
        while (reply := json.loads(await kiosk.recv())).get("re") != "m-1":
            pass
        if reply["type"] != "ok":
            raise RuntimeError(f"take_ticket failed: {reply}")
        number = reply["ticket"]["number"]
        got = await asyncio.wait_for(
            asyncio.gather(*(until_seen(ws, number, "sA") for ws in displays)), 60
        )
        fanout = percentiles([t - sent for t in got])
        after = proc_status(srv.pid)
        await kiosk.close()
        for i in range(0, len(displays), a.batch):
            await asyncio.gather(*(ws.close() for ws in displays[i : i + a.batch]))

    base, rss, hwm = before["VmRSS"], connected["VmRSS"], after["VmHWM"]
    per_conn_kb = (rss - base) / max(1, a.displays)
    ok = mb(max(rss, after["VmRSS"])) <= TARGET_MB
    print(f"displays: {a.displays}, fd limit {nofile[0]}")
    print(f"connected and welcomed in {connect_s:.1f} s; the server counts {seen_by_server}")
    print(f"server RSS before clients : {mb(base)} MB")
    print(f"server RSS, all connected : {mb(rss)} MB  ({per_conn_kb:.0f} kB per display)")
    print(f"server RSS after broadcast: {mb(after['VmRSS'])} MB, peak (VmHWM) {mb(hwm)} MB")
    print(f"target <= {TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}")
    print(
        f"ticket {number} seen (taken or queue event) by all {len(got)} displays; after the "
        "take_ticket was sent: "
        f"first {(min(got) - sent) * 1000:.1f} ms, p50 {fanout['p50']} ms, last {fanout['max']} ms"
    )
    print(
        json.dumps(
            {
                "bench": "memory",
                "displays": a.displays,
                "connect_s": round(connect_s, 2),
                "server_connections": seen_by_server,
                "rss_before_mb": mb(base),
                "rss_connected_mb": mb(rss),
                "rss_after_broadcast_mb": mb(after["VmRSS"]),
                "hwm_mb": mb(hwm),
                "kb_per_display": round(per_conn_kb, 1),
                "target_mb": TARGET_MB,
                "met": ok,
                "received_broadcast": len(got),
                "fanout_ms": fanout,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
