"""A real Rinda server on 127.0.0.1 port 0, and plain websocket helpers that speak the wire."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from server.config import CentreConfig
from server.core.estimate import make as make_estimator
from server.net.app import RindaServer
from server.store.tokens import add_token

_ids = itertools.count(1)


@dataclass
class Running:
    server: RindaServer
    port: int
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def hello(self, device: str) -> dict[str, Any]:
        dev = self.server.config.devices[device]
        frame: dict[str, Any] = {
            "type": "hello",
            "protocol": 1,
            "role": dev.role,
            "token": self.tokens[device],
        }
        if dev.counter is not None:
            frame["counter"] = dev.counter
        return frame

    def use_estimator(self, name: str = "naive") -> None:
        """Pin the server's estimator, for a test that expects a figure: the default may
        change (server/core/estimate.py DEFAULT), what the test checks does not. The current
        waits are recomputed at once, so the next welcome already has them."""
        self.server.owner.centre.estimator = make_estimator(name)
        self.settle()

    def settle(self) -> None:
        """Compute now the waits of the queue round still due. A welcome carries the last
        round's waits, and a round follows a change by a quarter second: a screen that
        connects in between first draws the waits from before the change (a snapshot test's
        first picture must already be its last one)."""
        owner = self.server.owner
        owner.waits = owner.centre.waits(owner.clock())


@asynccontextmanager
async def start_server(
    config: CentreConfig, db_path: Path, clock: Callable[[], datetime]
) -> AsyncIterator[Running]:
    server = RindaServer(config, db_path, clock=clock)
    port = await server.start("127.0.0.1", 0)
    try:
        tokens = {
            d: await add_token(server.store, dev.role, d) for d, dev in config.devices.items()
        }
        yield Running(server, port, tokens)
    finally:
        await server.close()


class Peer:
    """One websocket client that keeps the events it saw while waiting for replies."""

    def __init__(self, ws: ClientConnection, welcome: dict[str, Any]) -> None:
        self.ws = ws
        self.welcome = welcome
        self.events: list[dict[str, Any]] = []

    async def send(self, frame: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(frame))

    async def recv(self) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(await self.ws.recv())
        return frame

    async def request(self, type_: str, rid: str | None = None, **fields: Any) -> dict[str, Any]:
        rid = rid or f"r{next(_ids)}"
        await self.send({"type": type_, "id": rid, **fields})
        while True:
            frame = await self.recv()
            if frame.get("re") == rid:
                return frame
            self.events.append(frame)

    async def ok(self, type_: str, **fields: Any) -> dict[str, Any]:
        reply = await self.request(type_, **fields)
        assert reply["type"] == "ok", reply
        return reply

    async def event(self, type_: str) -> dict[str, Any]:
        """The next event of a type, from those already seen or arriving."""
        for i, frame in enumerate(self.events):
            if frame["type"] == type_:
                return self.events.pop(i)
        while True:
            frame = await self.recv()
            if frame["type"] == type_:
                return frame
            self.events.append(frame)


@asynccontextmanager
async def peer(url: str, hello: dict[str, Any]) -> AsyncIterator[Peer]:
    async with connect(url) as ws:
        await ws.send(json.dumps(hello))
        welcome = json.loads(await ws.recv())
        assert welcome["type"] == "welcome", welcome
        yield Peer(ws, welcome)


@asynccontextmanager
async def device(running: Running, name: str) -> AsyncIterator[Peer]:
    async with peer(running.url, running.hello(name)) as p:
        yield p


@asynccontextmanager
async def rinda_serve(
    config: Path, db: Path, *options: str
) -> AsyncIterator[tuple[asyncio.subprocess.Process, dict[str, Any]]]:
    """`rinda serve` as its own process on a free port; yields it and its --announce line
    ({"url", "port"}). Its log goes to a file beside the db: a pipe nobody reads would fill
    up and block the server mid-run."""
    with (db.parent / f"{db.name}.log").open("ab") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server.cli", "serve", "--config", str(config),
            "--db", str(db), "--port", "0", "--announce", *options,
            stdout=asyncio.subprocess.PIPE, stderr=log,
        )  # fmt: skip
    assert proc.stdout is not None
    try:
        async with asyncio.timeout(60):
            line = (await proc.stdout.readline()).decode()
        if not line:
            raise AssertionError("the server exited before listening")
        ready: dict[str, Any] = json.loads(line)
        yield proc, ready
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
