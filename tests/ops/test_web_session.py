"""A page's app process ends within a bound whatever the app does: it quits when asked, and
one that will not is sent SIGTERM, then SIGKILL. The site reads the app's output to its end
even after the page has gone, so an app drawing while it quits never blocks on a full pipe.

The apps here are small stand-ins speaking Textual's web driver protocol, each doing one of the
things a real app can do when its page goes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from websockets.asyncio.client import ClientConnection, connect

from server.web import WebText, start_site
from tests.demo.procs import argv, descendants
from tests.ops.served import TIMEOUT, free_port, gone, until

QUIT_WAIT_S = 0.5
MARK = "rinda-stand-in-app"
PROTOCOL = f"""
import os, signal, sys, time  # {MARK}
out = sys.stdout.buffer
def draw(payload):
    out.write(b"D" + len(payload).to_bytes(4, "big") + payload)
    out.flush()
out.write(b"__GANGLION__\\n")
draw(b"hello")
"""
# Ignores the quit and SIGTERM, never reads its input: only SIGKILL ends it.
STUBBORN = PROTOCOL + "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(1)"
# Quits when asked, drawing 4 MB on its way out (60 times a pipe's buffer): had the site
# stopped reading when the page went, it would block until killed.
CHATTY = PROTOCOL + "sys.stdin.buffer.read()\nfor _ in range(64): draw(bytes(65536))"
# Fails on its own while the page is open.
FAILING = PROTOCOL + "sys.stderr.write('boom: no server')\nsys.exit(3)"


def stand_ins() -> dict[int, str]:
    return {pid: t for pid, t in descendants(os.getpid()).items() if MARK in " ".join(argv(pid))}


@asynccontextmanager
async def site(app: str) -> AsyncIterator[str]:
    port = free_port()
    runner: web.AppRunner = await start_site(
        [sys.executable, "-c", app], {}, "127.0.0.1", port, "test", WebText(), QUIT_WAIT_S
    )
    try:
        yield f"ws://127.0.0.1:{port}/ws?width=80&height=24"
    finally:
        await runner.cleanup()


async def first_screen(url: str) -> ClientConnection:
    ws = await connect(url)
    async with asyncio.timeout(TIMEOUT):
        assert await ws.recv() == b"hello"
    return ws


async def test_an_app_that_ignores_quit_and_sigterm_is_killed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "rinda.web")
    async with site(STUBBORN) as url:
        ws = await first_screen(url)
        apps = stand_ins()
        assert len(apps) == 1
        await ws.close()
        await until(gone(apps), "the stubborn app ended", 2 * QUIT_WAIT_S + TIMEOUT)
    said = [r.getMessage() for r in caplog.records if r.name == "rinda.web"]
    assert any(m.endswith("did not quit in 0.5 s: SIGTERM") for m in said), said
    assert any(m.endswith("did not quit in 0.5 s: SIGKILL") for m in said), said


async def test_an_app_drawing_as_it_quits_ends_by_itself_after_its_page_went(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "rinda.web")
    async with site(CHATTY) as url:
        ws = await first_screen(url)
        apps = stand_ins()
        ws.transport.abort()  # gone without a word: the site's sends fail from now on
        await until(gone(apps), "the app ended", TIMEOUT)
    assert [r.getMessage() for r in caplog.records if r.name == "rinda.web"] == []


async def test_stopping_the_site_ends_an_app_that_will_not_quit() -> None:
    async with site(STUBBORN) as url:
        ws = await first_screen(url)
        apps = stand_ins()
    # The site has stopped: its app is gone and the page was told.
    assert gone(apps)()
    async with asyncio.timeout(TIMEOUT):
        await ws.wait_closed()


async def test_an_app_that_fails_closes_its_page_and_its_errors_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with site(FAILING) as url:
        ws = await first_screen(url)
        async with asyncio.timeout(TIMEOUT):
            await ws.wait_closed()
    said = [r.getMessage() for r in caplog.records if r.name == "rinda.web"]
    assert any("ended with status 3: boom: no server" in m for m in said), said
