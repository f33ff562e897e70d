"""`rinda <app> --web` as a subprocess, and the app processes it has started for its pages."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.demo.procs import alive, descendants
from tests.kiosk.browser import Page

TIMEOUT = 30.0  # the machine may be busy: 2 cores, other tests in parallel
LOOK_EVERY_S = 0.02  # a process's start or end posts nothing a test could await


@dataclass
class Served:
    proc: asyncio.subprocess.Process
    url: str
    stderr: Path

    def apps(self) -> dict[int, str]:
        """The processes running for its pages now (pid: start time): each page's app, and
        anything those started."""
        return {pid: t for pid, t in descendants(self.proc.pid).items() if alive(pid, t)}

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")

    def pages_opened(self) -> int:
        """How many pages' websockets it has opened so far (its DEBUG log says), each then
        starting an app."""
        return len(re.findall(r"rinda\.web: page from \S+ opened", self.log()))

    def apps_ended(self) -> int:
        """How many of their apps have ended (and been waited for)."""
        return len(re.findall(r"rinda\.web: app \(pid \d+\) ended with status", self.log()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def until(check: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    """Wait until `check()` is true, `timeout` seconds at most."""
    try:
        async with asyncio.timeout(timeout):
            while not check():
                await asyncio.sleep(LOOK_EVERY_S)
    except TimeoutError:
        raise AssertionError(f"not within {timeout:g} s: {what}") from None


# The page has drawn its app's first screen. (`document.body` is null while a page starts.)
DRAWN = "!!document.body?.classList.contains('-first-byte')"


async def drawn(page: Page, also: str = "true") -> None:
    """Wait until the page (just navigated to) has drawn its app, and `also` holds."""
    condition = f"{DRAWN} && !!({also})"
    async with asyncio.timeout(TIMEOUT):
        # A wait begun in the blank page before it was replaced ends with it: wait again.
        while not await page.wait_true(condition, TIMEOUT) or not await page.evaluate(condition):
            pass


def gone(pids: dict[int, str]) -> Callable[[], bool]:
    return lambda: not any(alive(pid, started) for pid, started in pids.items())


@asynccontextmanager
async def rinda_web(tmp_path: Path, *args: str) -> AsyncIterator[Served]:
    """`rinda <args> --web` on a free port, in its own process group (as a terminal would run
    it); yields once it says where it listens. Whatever happens, it and its apps end."""
    port = free_port()
    stderr = tmp_path / f"web-{port}.stderr"
    with stderr.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server.cli", "--log-level", "DEBUG", *args,
            "--web", "--web-port", str(port),
            stdout=asyncio.subprocess.PIPE, stderr=err,
            env={**os.environ, "RINDA_TOKEN": ""}, start_new_session=True,
        )  # fmt: skip
    served = Served(proc, f"http://127.0.0.1:{port}/", stderr)
    seen: dict[int, str] = {}
    try:
        assert proc.stdout is not None
        async with asyncio.timeout(TIMEOUT):
            line = (await proc.stdout.readline()).decode()
        assert served.url in line, f"no URL from rinda --web: {line!r}\n{served.log()}"
        yield served
    finally:
        if proc.returncode is None:
            seen.update(descendants(proc.pid))
            proc.terminate()
            try:
                async with asyncio.timeout(TIMEOUT):
                    await proc.wait()
            except TimeoutError:
                proc.kill()
                await proc.wait()
        for pid, started in seen.items():
            if alive(pid, started):
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
