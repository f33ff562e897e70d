"""A stand-in for a municipality's SMS/e-mail gateway (an HTTP server on 127.0.0.1 port 0),
visitors joined from home with a contact, and the notifier's log lines as they come."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

from server.core import commands as c
from server.core.booking import local_day
from server.net.owner import nothing
from tests.server.harness import Running

Answer = Literal["ok", "fail", "hang", "redirect"]


@dataclass
class Gateway:
    url: str
    # Every message POSTed, in the order it came.
    received: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def next(self, timeout: float = 10) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            return await self.received.get()


@asynccontextmanager
async def gateway(answer: Answer = "ok") -> AsyncIterator[Gateway]:
    """`ok` answers 202, `fail` 500, `hang` never (until the test ends), `redirect` 307 to
    another address of its own (where a message that followed would be received too)."""
    released = asyncio.Event()
    got: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def receive(request: web.Request) -> web.Response:
        assert request.content_type == "application/json"
        got.put_nowait(json.loads(await request.read()))
        if answer == "hang":
            await released.wait()
        if answer == "redirect" and request.path == "/send":
            return web.Response(status=307, headers={"Location": "/elsewhere"})
        return web.Response(status=500 if answer == "fail" else 202)

    app = web.Application()
    app.router.add_post("/send", receive)
    app.router.add_post("/elsewhere", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield Gateway(f"http://{host}:{port}/send", got)
    finally:
        released.set()
        await runner.cleanup()


def remote_toml(url: str = "", before_min: int = 15) -> str:
    return f"""
[remote]
enabled = true
notify_url = "{url}"
notify_before_min = {before_min}
"""


async def join(running: Running, code: str, contact: str = "", lang: str = "lv") -> str:
    """A remote ticket for "social", with the visitor's contact stored apart as the /join
    page does; its number."""
    owner = running.server.owner
    token = secrets.token_urlsafe(16)
    day = local_day(running.server.config, owner.clock()).isoformat()
    personal = ((f"t:{token}", day, "", contact),) if contact else ()
    cmd = c.JoinQueue(service="social", lang=lang, token=token, code=code, device="web")
    answer = await owner.submit(cmd, "web", None, nothing, personal)
    assert b'"ok"' in answer, answer
    return next(t.number for t in owner.centre.state.tickets.values() if t.token == token)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.all: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        self.all.append(line)
        self.queue.put_nowait(line)


@contextmanager
def notifier_log() -> Iterator[_Lines]:
    """The notifier's log lines, to wait for the one a test expects."""
    lines = _Lines()
    logger = logging.getLogger("rinda.notify")
    logger.addHandler(lines)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(lines)
        logger.setLevel(old)
