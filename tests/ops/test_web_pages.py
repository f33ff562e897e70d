"""Every app process `rinda <app> --web` starts for a page ends when the page goes, whenever
it goes, and when the command stops — by Ctrl+C, SIGTERM, or even SIGKILL.

Pages are opened and dropped at awkward moments by a plain websocket client (as the page's
script speaks) and by a real headless Chromium: right after the websocket opens, while the app
is starting, once it has drawn; by a clean close and by a dropped connection (a browser that
crashed, a kiosk PC switched off). Each test then waits, with a bound, until the processes
are gone.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.demo.procs import alive
from tests.kiosk.browser import CHROMIUM, Page, chromium
from tests.ops.served import TIMEOUT, Served, gone, rinda_web, until
from tests.ops.served import drawn as drawn_page
from tests.server.harness import Running

_ids = itertools.count(10_000)  # DevTools call ids, apart from those of tests/kiosk/browser.py
# Asked to quit, an app has 5 s to do so, then 5 s after SIGTERM (server/web_session.py).
ENDED_WITHIN = 15.0


def display(running: Running) -> tuple[str, ...]:
    return ("display", "--url", running.url, f"--token={running.tokens['d1']}", "--no-sound")


async def open_socket(served: Served, width: int = 100, height: int = 30) -> ClientConnection:
    """A page's websocket, as its script opens it."""
    url = f"{served.url.replace('http', 'ws', 1)}ws?width={width}&height={height}"
    return await connect(url, max_size=None)


async def drawn(ws: ClientConnection) -> None:
    """Wait for the app's first screen output."""
    async with asyncio.timeout(TIMEOUT):
        while not isinstance(await ws.recv(), bytes):
            pass


async def drop(ws: ClientConnection, how: str) -> None:
    if how == "close":
        await ws.close()
    else:  # the connection just ends: no close handshake
        ws.transport.abort()


async def app_of_new_page(served: Served) -> dict[int, str]:
    """The process started for the page just opened (the only one), once it is there."""
    await until(served.apps, "the page's app started")
    return served.apps()


async def every_app_ended(served: Served, what: str, opened: int | None = None) -> None:
    """Wait until the app of every page opened (`opened` of them) has ended; then no process is
    left of any page, and none had to be killed."""

    def all_ended() -> bool:
        return served.apps_ended() == (served.pages_opened() if opened is None else opened)

    await until(all_ended, f"{what}: every app ended", ENDED_WITHIN)
    assert served.apps() == {}
    assert "SIGKILL" not in served.log()  # each app quit, or a SIGTERM ended its start-up
    assert "Traceback" not in served.log()


@pytest.mark.parametrize("how", ["close", "abort"])
async def test_a_page_dropped_at_any_moment_leaves_no_app_process(
    running: Running, tmp_path: Path, how: str
) -> None:
    async with rinda_web(tmp_path, *display(running)) as served:
        # Dropped the moment its websocket is open: its app is not even started yet.
        await drop(await open_socket(served), how)
        await every_app_ended(served, "dropped at once", opened=1)

        # Dropped while its app starts (Python importing Textual: nothing drawn yet).
        ws = await open_socket(served)
        await app_of_new_page(served)
        await drop(ws, how)
        await every_app_ended(served, "dropped while starting", opened=2)

        # Dropped once its app has drawn.
        ws = await open_socket(served)
        await app_of_new_page(served)
        await drawn(ws)
        await drop(ws, how)
        await every_app_ended(served, "dropped once up", opened=3)

        # Many at once, dropped in the order they came.
        for ws in [await open_socket(served) for _ in range(4)]:
            await drop(ws, how)
        await every_app_ended(served, "4 pages dropped", opened=7)
        assert served.proc.returncode is None  # the site itself serves on


async def call(browser: ClientConnection, method: str, **params: object) -> dict[str, Any]:
    """A call to the browser itself (not to one of its pages)."""
    ident = next(_ids)
    await browser.send(json.dumps({"id": ident, "method": method, "params": params}))
    while (reply := json.loads(await browser.recv())).get("id") != ident:
        pass  # an event, or a reply to a page's session
    assert "error" not in reply, reply
    result: dict[str, Any] = reply["result"]
    return result


async def new_tab(browser: ClientConnection) -> tuple[Page, str]:
    """A blank tab, and its id to close it by."""
    tab = (await call(browser, "Target.createTarget", url="about:blank"))["targetId"]
    attached = await call(browser, "Target.attachToTarget", targetId=tab, flatten=True)
    page = Page(browser, attached["sessionId"])
    await page.send("Page.enable")
    return page, tab


@pytest.mark.parametrize("moment", ["navigated", "starting", "drawn"])
async def test_a_browser_tab_closed_at_any_moment_leaves_no_app_process(
    running: Running, tmp_path: Path, moment: str
) -> None:
    async with rinda_web(tmp_path, *display(running)) as served, chromium() as browser:
        page, tab = await new_tab(browser)
        await page.send("Page.navigate", url=served.url)
        if moment != "navigated":
            await app_of_new_page(served)
        if moment == "drawn":
            await drawn_page(page)
        await call(browser, "Target.closeTarget", targetId=tab)  # whatever it is doing
        # (Closed as soon as navigated, its script may or may not have opened the websocket.)
        await every_app_ended(served, f"a tab closed when {moment}", opened=None)
        if moment != "navigated":
            assert served.pages_opened() == 1


async def test_a_headless_chromium_with_a_time_budget_leaves_no_app_process(
    running: Running, tmp_path: Path
) -> None:
    """The report: `chromium --headless --virtual-time-budget=8000 URL` (it leaves at once)."""
    async with rinda_web(tmp_path, *display(running)) as served:
        for budget in ("8000", "300"):
            browser = await asyncio.create_subprocess_exec(
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                f"--user-data-dir={tmp_path / 'chromium'}", f"--virtual-time-budget={budget}",
                served.url, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            async with asyncio.timeout(TIMEOUT):
                await browser.wait()
            await every_app_ended(served, f"chromium with a {budget} ms budget")
        assert served.pages_opened() >= 1  # its page did start the app


StopServed = Callable[[Served], Awaitable[None]]


async def ctrl_c(served: Served) -> None:
    os.killpg(served.proc.pid, signal.SIGINT)  # the terminal sends it to the whole group


async def sigterm(served: Served) -> None:
    served.proc.terminate()


@pytest.mark.parametrize("stop", [ctrl_c, sigterm], ids=["ctrl_c", "sigterm"])
async def test_stopping_the_command_ends_every_page_s_app(
    running: Running, tmp_path: Path, stop: StopServed
) -> None:
    async with rinda_web(tmp_path, *display(running)) as served:
        up = await open_socket(served)
        await drawn(up)
        starting = await open_socket(served)  # and one still starting as the stop comes
        await until(lambda: len(served.apps()) == 2, "two apps running")
        apps = served.apps()
        await stop(served)
        async with asyncio.timeout(ENDED_WITHIN):
            assert await served.proc.wait() == 0, served.log()
        assert gone(apps)()  # the command ended them before it ended itself
        assert served.apps_ended() == 2
        assert "SIGKILL" not in served.log() and "Traceback" not in served.log()
        for ws in (up, starting):  # each page was told its session ended
            async with asyncio.timeout(TIMEOUT):
                await ws.wait_closed()


async def test_an_app_ends_by_itself_when_its_site_is_killed(
    running: Running, tmp_path: Path
) -> None:
    """SIGKILL (or a crash) leaves no one to end the apps: each sees the end of its input."""
    async with rinda_web(tmp_path, *display(running)) as served:
        ws = await open_socket(served)
        apps = await app_of_new_page(served)
        await drawn(ws)
        served.proc.kill()
        await served.proc.wait()
        try:
            await until(gone(apps), "the apps of a killed site ended", ENDED_WITHIN)
        finally:
            for pid, started in apps.items():
                if alive(pid, started):
                    os.kill(pid, signal.SIGKILL)
