"""Real HTTP to a test server, as the booking API's and the visitors' pages' tests make it: the
website's booking device, and one request's answer read whole."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiohttp

WEBSITE = """
[[devices]]
id = "web"
role = "booking"
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def error(self) -> str:
        code: str = self.json["error"]["code"]
        return code


async def send(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    data: bytes | None,
    headers: dict[str, str],
) -> Answer:
    """One request, redirects not followed (the tests look at them)."""
    async with session.request(method, url, data=data, headers=headers, allow_redirects=False) as r:
        return Answer(r.status, {k.lower(): v for k, v in r.headers.items()}, await r.text())
