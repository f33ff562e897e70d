"""SIGKILL in the middle of a stream of tickets: every acknowledged ticket survives, and no
number is ever issued twice."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.store.events import EventStore
from server.store.tokens import add_token
from tests.conftest import centre_toml
from tests.server.harness import rinda_serve

LIMITS = "kiosk_burst = 100000\nkiosk_per_minute = 1000000"


async def _kiosk_stream(url: str, hello: dict, n: int, acked: list[str]) -> None:
    async with connect(url) as ws:
        await ws.send(json.dumps(hello))
        json.loads(await ws.recv())
        for i in range(n):
            await ws.send(
                json.dumps({"type": "take_ticket", "id": f"{n}-{i}", "service": "social"})
            )
            while (reply := json.loads(await ws.recv())).get("re") is None:
                pass
            acked.append(reply["ticket"]["number"])


async def test_sigkill_loses_no_acknowledged_ticket(tmp_path: Path) -> None:
    config_file = tmp_path / "centre.toml"
    config_file.write_text(centre_toml(limits=LIMITS), encoding="utf-8")
    db = tmp_path / "rinda.db"
    store = await EventStore.open(db)
    tokens = [await add_token(store, "kiosk", k) for k in ("k1", "k2")]
    manager = await add_token(store, "manager", "m1")
    await store.close()
    hellos = [{"type": "hello", "protocol": 1, "role": "kiosk", "token": t} for t in tokens]

    acked: list[str] = []
    async with rinda_serve(config_file, db) as (proc, ready):
        streams = [
            asyncio.create_task(_kiosk_stream(ready["url"], h, 100_000, acked)) for h in hellos
        ]
        async with asyncio.timeout(60):
            while len(acked) < 400:
                await asyncio.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        results = await asyncio.gather(*streams, return_exceptions=True)
        assert all(isinstance(r, ConnectionClosed | OSError) for r in results), results
    assert len(acked) == len(set(acked)) >= 400

    async with rinda_serve(config_file, db) as (_proc, ready), connect(ready["url"]) as ws:
        await ws.send(
            json.dumps({"type": "hello", "protocol": 1, "role": "manager", "token": manager})
        )
        tickets = json.loads(await ws.recv())["snapshot"]["tickets"]
        stored = {t["number"] for t in tickets}
        assert set(acked) <= stored
        await ws.close()
    async with rinda_serve(config_file, db) as (_proc, ready), connect(ready["url"]) as ws:
        await ws.send(json.dumps(hellos[0]))
        json.loads(await ws.recv())
        await ws.send(json.dumps({"type": "take_ticket", "id": "after", "service": "social"}))
        while (reply := json.loads(await ws.recv())).get("re") != "after":
            pass
        number = reply["ticket"]["number"]
    assert number not in stored
    assert int(number[1:]) == max(int(n[1:]) for n in stored) + 1
