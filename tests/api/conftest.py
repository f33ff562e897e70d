"""A centre whose "social" service takes bookings, its website's booking token, and a small
HTTP client for the API on the real server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from server.config import CentreConfig, loads
from tests.conftest import centre_toml
from tests.http_answer import WEBSITE, Answer, send

# One place per 30-minute slot, all day (the test centre is open around the clock).
BOOKING = """
[services.booking]
slot_min = 30
places = 1
"""


def booking_toml(limits: str = "", places: int = 1) -> str:
    toml = centre_toml(limits=limits)
    social = 'en = "Social services" }\n'
    booking = BOOKING.replace("places = 1", f"places = {places}")
    return toml.replace(social, social + booking, 1) + WEBSITE


@pytest.fixture
def config() -> CentreConfig:
    # Room for the tests' bursts of requests from one address.
    limits = "request_burst = 200\nunauthenticated_per_address = 100"
    return loads(booking_toml(limits))


class Api:
    """Real HTTP to the server's port, with the website's token unless told otherwise."""

    def __init__(self, session: aiohttp.ClientSession, port: int, token: str) -> None:
        self.session = session
        self.base = f"http://127.0.0.1:{port}"
        self.token = token

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = "",
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        token = self.token if token == "" else token
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        return await send(self.session, method, self.base + path, data, sent)

    async def first_slot(self, service: str = "social") -> str:
        got = await self.call("GET", f"/api/v1/services/{service}/slots")
        assert got.status == 200, got
        start: str = got.json["slots"][0]["start"]
        return start

    async def book(self, start: str, **fields: Any) -> Answer:
        return await self.call(
            "POST", "/api/v1/bookings", {"service": "social", "start": start, **fields}
        )


@pytest.fixture
async def api(running: Any) -> AsyncIterator[Api]:
    # A fresh connection per request: the server answers one request per connection.
    connector = aiohttp.TCPConnector(force_close=True, limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield Api(session, running.port, running.tokens["web"])
