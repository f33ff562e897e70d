"""A real headless Chromium driven over the Chrome DevTools Protocol (with `websockets`)."""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

CHROMIUM = "/usr/bin/chromium"


class Page:
    def __init__(self, ws: ClientConnection, session: str) -> None:
        self.ws = ws
        self.session = session
        self._ids = itertools.count(1)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await _call(self.ws, next(self._ids), method, params, self.session)

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply["result"].get("value")

    async def text(self, selector: str) -> str | None:
        js = f"(e => e && e.innerText)(document.querySelector({json.dumps(selector)}))"
        value = await self.evaluate(js)
        return None if value is None else str(value)

    async def wait_true(self, condition: str, timeout: float = 20) -> bool:
        """Wait until a JavaScript condition holds (re-checked each animation frame)."""
        js = (
            "new Promise(done => { const check = () => {"
            f" if ({condition}) done(true); else requestAnimationFrame(check); }}; check(); }})"
        )
        async with asyncio.timeout(timeout):
            reply = await self.send(
                "Runtime.evaluate", expression=js, awaitPromise=True, returnByValue=True
            )
        return bool(reply["result"]["value"])

    async def wait_text(self, selector: str, part: str, timeout: float = 20) -> str:
        """Wait until the element's text contains `part` (re-read each animation frame)."""
        js = (
            "new Promise(done => { const check = () => {"
            f" const e = document.querySelector({json.dumps(selector)});"
            f" if (e && e.innerText.includes({json.dumps(part)})) done(e.innerText);"
            " else requestAnimationFrame(check); }; check(); })"
        )
        async with asyncio.timeout(timeout):
            reply = await self.send(
                "Runtime.evaluate", expression=js, awaitPromise=True, returnByValue=True
            )
        return str(reply["result"]["value"])


async def _call(
    ws: ClientConnection, ident: int, method: str, params: dict[str, Any], session: str | None
) -> dict[str, Any]:
    frame: dict[str, Any] = {"id": ident, "method": method, "params": params}
    if session:
        frame["sessionId"] = session
    await ws.send(json.dumps(frame))
    while True:
        reply = json.loads(await ws.recv())
        if reply.get("id") == ident and reply.get("sessionId") == session:
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            result: dict[str, Any] = reply["result"]
            return result


@asynccontextmanager
async def chromium(lang: str = "lv") -> AsyncIterator[ClientConnection]:
    profile = Path(tempfile.mkdtemp(prefix="rinda-chromium-"))
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--lang={lang}",
        f"--accept-lang={lang}",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        async with asyncio.timeout(30):
            while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
                await asyncio.sleep(0.05)  # Chromium gives no other signal that it listens
        port, path = port_file.read_text().splitlines()[:2]
        async with connect(f"ws://127.0.0.1:{port}{path}", max_size=2**24) as ws:
            yield ws
    finally:
        proc.terminate()
        await proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def open_page(ws: ClientConnection, url: str) -> Page:
    target = await _call(ws, 1, "Target.createTarget", {"url": "about:blank"}, None)
    attached = await _call(
        ws, 2, "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, None
    )
    page = Page(ws, attached["sessionId"])
    await page.send("Page.enable")
    await page.send("Page.navigate", url=url)
    return page
