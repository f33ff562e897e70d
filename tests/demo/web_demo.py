"""`rinda demo --web` run as a user runs it, for the tests: the subprocess, its printed URLs
and the pages they serve (tests/demo/test_demo_web.py says what is tested)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.demo.procs import (
    alive,
    descendants,
)
from tests.kiosk.browser import Page
from tests.ops.test_web_mode import SCREEN_JS

TIMEOUT = 30.0  # CI runs on 2 cores with the other tests in parallel
# A stop with pages open: aiohttp alone would wait for each page's websocket to end, which it
# did only when its heartbeat timed out, 23 s later (and once more per site).
STOP_TIMEOUT = 15.0
APPS = ("kiosk", "display", "counter", "manager", "window")
# The command each app runs: the window display is `rinda display --counter 1`.
COMMANDS = {"kiosk": "kiosk", "display": "display", "counter": "counter", "manager": "manager",
            "window": "display"}  # fmt: skip
BANNER = re.compile(
    r"Rinda demo: the Ogre centre's server is ws://127\.0\.0\.1:(?P<port>\d+)/ws "
    r"\(data in (?P<folder>.+)\)"
)
PHONE = re.compile(r"  phone    (?P<url>http://\S+)   \(sample ticket (?P<number>\w+)\)")
JOIN = re.compile(r"  join     (?P<url>http://\S+/join)   \(join from home, .*\)")
LAST_LINE = "Ctrl+C stops everything."


def web_ports() -> int:
    """A port P with P to P+4 (the demo's five apps) free on 127.0.0.1 right now."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base: int = s.getsockname()[1]
        if base + 4 > 65535:
            continue
        with ExitStack() as held:
            try:
                for port in range(base, base + len(APPS)):
                    held.enter_context(socket.socket()).bind(("127.0.0.1", port))
            except OSError:
                continue
            return base
    raise AssertionError("no five consecutive free ports on 127.0.0.1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def refused(port: int) -> bool:
    """Nothing listens on 127.0.0.1:port."""
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError:
        return True
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return False


# -- the demo as a subprocess -------------------------------------------------------------------


@dataclass
class Demo:
    proc: asyncio.subprocess.Process
    web_port: int
    stderr: Path
    lines: list[str] = field(default_factory=list)
    more: asyncio.Event = field(default_factory=asyncio.Event)
    ended: bool = False  # stdout reached its end
    seen: dict[int, str] = field(default_factory=dict)  # every descendant noticed so far

    async def read_stdout(self) -> None:
        assert self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            self.lines.append(line.decode().rstrip("\n"))
            self.more.set()
        self.ended = True
        self.more.set()

    async def wait_line(self, wanted: str | re.Pattern[str]) -> re.Match[str] | str:
        """The first stdout line that is `wanted` (or matches it), waiting for it."""
        seen = 0
        try:
            async with asyncio.timeout(TIMEOUT):
                while True:
                    for line in self.lines[seen:]:
                        if isinstance(wanted, str) and line == wanted:
                            return line
                        if isinstance(wanted, re.Pattern) and (m := wanted.fullmatch(line)):
                            return m
                    seen = len(self.lines)
                    if self.ended:
                        break
                    self.more.clear()
                    await self.more.wait()
        except TimeoutError:
            pass
        raise AssertionError(
            f"rinda demo never printed {wanted!r}; stdout:\n"
            + "\n".join(self.lines)
            + f"\nstderr:\n{self.stderr.read_text(errors='replace')[-3000:]}"
        )

    def note_processes(self) -> dict[int, str]:
        self.seen.update(descendants(self.proc.pid))
        return self.seen

    def ctrl_c(self) -> None:
        """SIGINT to the demo's process group, as Ctrl+C in its terminal sends it."""
        self.note_processes()
        os.killpg(self.proc.pid, signal.SIGINT)

    def kill(self) -> None:
        """SIGTERM to the demo alone, as `kill` or a service manager sends it."""
        self.note_processes()
        self.proc.terminate()

    def assert_no_traceback(self) -> None:
        output = "\n".join(self.lines) + self.stderr.read_text(errors="replace")
        assert "Traceback" not in output, output[-3000:]

    async def wait(self, timeout: float = TIMEOUT) -> int:
        try:
            async with asyncio.timeout(timeout):
                return await self.proc.wait()
        except TimeoutError:
            raise AssertionError(f"rinda demo did not end within {timeout:g} s") from None


@dataclass
class Running:
    """What the demo printed once it was ready."""

    demo: Demo
    server_port: int
    folder: Path
    urls: dict[str, str]  # kiosk, display, counter, manager, window, phone
    number: str  # the sample ticket's

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.server_port}/ws"


@asynccontextmanager
async def rinda_demo(tmp_path: Path, *options: str, web_port: int = 0) -> AsyncIterator[Demo]:
    """`rinda demo --web` on free web ports (its temporary folder under `tmp_path`). Whatever
    happens, it ends: SIGTERM (then SIGKILL) to it, and SIGKILL to anything it left behind."""
    web_port = web_port or web_ports()
    stderr = tmp_path / "demo.stderr"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["TMPDIR"] = str(tmp_path)
    with stderr.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server.cli", "demo", "--web", "--no-sound",
            "--web-port", str(web_port), *options,
            stdout=asyncio.subprocess.PIPE, stderr=err, env=env,
            start_new_session=True,  # its own process group, for a real Ctrl+C
        )  # fmt: skip
    demo = Demo(proc, web_port, stderr)
    reader = asyncio.create_task(demo.read_stdout())
    try:
        yield demo
    finally:
        if proc.returncode is None:
            demo.note_processes()
            proc.terminate()
            try:
                async with asyncio.timeout(TIMEOUT):
                    await proc.wait()
            except TimeoutError:
                proc.kill()
                await proc.wait()
        for pid, started in demo.seen.items():
            if alive(pid, started):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader


async def ready(demo: Demo) -> Running:
    banner = await demo.wait_line(BANNER)
    phone = await demo.wait_line(PHONE)
    join = await demo.wait_line(JOIN)
    await demo.wait_line(LAST_LINE)
    assert isinstance(banner, re.Match) and isinstance(phone, re.Match)
    assert isinstance(join, re.Match)
    urls = {"phone": phone["url"], "join": join["url"]}
    for n, app in enumerate(APPS):
        line = next(line for line in demo.lines if line.startswith(f"  {app} "))
        urls[app] = line.split()[1]
        assert urls[app] == f"http://127.0.0.1:{demo.web_port + n}/", line
    server_port = int(banner["port"])
    assert phone["url"].startswith(f"http://127.0.0.1:{server_port}/t/")
    assert join["url"] == f"http://127.0.0.1:{server_port}/join"
    return Running(demo, server_port, Path(banner["folder"]), urls, phone["number"])


async def wait_screen(page: Page, condition: str, what: str) -> None:
    try:
        await page.wait_true(condition, timeout=TIMEOUT)
    except TimeoutError:
        screen = "\n".join(await page.evaluate(SCREEN_JS))
        raise AssertionError(f"the page never showed {what}:\n{screen}") from None


async def open_app(session: aiohttp.ClientSession, url: str) -> asyncio.Task[None]:
    """Open an app page's websocket as its script does, and read it as a browser would (its
    close handshake included) until the site closes it; return once the app has drawn."""
    ws = await session.ws_connect(f"{url.replace('http', 'ws', 1)}ws?width=100&height=30")
    drawn = asyncio.Event()

    async def read() -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:  # the app's output
                drawn.set()

    reader, waiter = asyncio.create_task(read()), asyncio.create_task(drawn.wait())
    await asyncio.wait([reader, waiter], timeout=TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if not drawn.is_set():
        reader.cancel()
        raise AssertionError(f"the app behind {url} drew nothing")
    return reader
