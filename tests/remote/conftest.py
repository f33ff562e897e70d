"""A centre that takes remote tickets for "social" (not "tax"), its website's booking token,
and real HTTP to the real server: the API, the /join page and the phone page."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.http_answer import WEBSITE, Answer, send
from tests.server.harness import Running, start_server

REMOTE = {
    "enabled": True,
    "page": True,
    "services": ["social"],
    "max_waiting": 2,
    "per_address_per_hour": 3,
    "come_before_min": 20,
    "grace_min": 15,
    # The test centre is open around the clock: no stop before closing.
    "stop_before_close_min": 0,
}


def remote_toml(**changes: Any) -> str:
    remote = {**REMOTE, **changes}
    lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in remote.items())
    limits = "request_burst = 200\nunauthenticated_per_address = 100"
    return centre_toml(limits=limits) + WEBSITE + f"\n[remote]\n{lines}\n"


class Web:
    """Real HTTP to the server's port: one connection per request, as the server answers."""

    def __init__(self, session: aiohttp.ClientSession, running: Running) -> None:
        self.session = session
        self.running = running
        self.base = f"http://127.0.0.1:{running.port}"

    async def call(
        self, method: str, path: str, data: bytes | None = None, **headers: str
    ) -> Answer:
        return await send(self.session, method, self.base + path, data, headers)

    async def get(self, path: str, lang: str = "en") -> Answer:
        return await self.call("GET", path, **{"Accept-Language": lang})

    async def join(self, lang: str = "en", **fields: str) -> Answer:
        """POST the /join form as a browser would."""
        body = urlencode(fields).encode()
        kind = "application/x-www-form-urlencoded"
        return await self.call("POST", f"/join?lang={lang}", body, **{"Content-Type": kind})

    async def api(self, body: Any, key: str | None = None) -> Answer:
        headers = {
            "Authorization": f"Bearer {self.running.tokens['web']}",
            "Content-Type": "application/json",
        }
        if key is not None:
            headers["Idempotency-Key"] = key
        return await self.call("POST", "/api/v1/queue", json.dumps(body).encode(), **headers)

    def tickets(self) -> dict[str, Any]:
        return dict(self.running.server.owner.centre.state.tickets)


@asynccontextmanager
async def serving(db: Path, clock: Clock, **remote: Any) -> AsyncIterator[Web]:
    """The test centre with `[remote]` as REMOTE with `remote`'s changes, and a client."""
    config = loads(remote_toml(**remote))
    async with start_server(config, db, clock) as running:
        connector = aiohttp.TCPConnector(force_close=True, limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            yield Web(session, running)


def token_of(location: str) -> str:
    m = re.match(r"^/t/([A-Za-z0-9_-]+)\?lang=\w\w$", location)
    assert m is not None, location
    return m.group(1)
