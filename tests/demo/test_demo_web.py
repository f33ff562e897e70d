"""`rinda demo --web` as a user runs it: a subprocess whose printed URLs serve the real apps to a
browser, whose display shows a call made through its server, and that Ctrl+C ends completely.

The demo runs with PYTHONUNBUFFERED removed from its environment, as in a user's shell: the
URLs must reach a pipe (`| tee`, a service's log, this test) while the demo runs.
"""

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
import pytest

from display import font
from server.i18n import LANGS, Catalog
from server.protocol.client import Client
from server.protocol.messages import CallNext, Hello, SignIn
from tests.demo.procs import (
    alive,
    argv,
    command_line,
    descendants,
    environment,
    processes_mentioning,
)
from tests.kiosk.browser import Page, chromium, open_page
from tests.ops.test_web_mode import CATCH_TERMINAL, SCREEN_JS, shows_js

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


async def test_the_printed_urls_serve_the_apps_and_the_sample_ticket(tmp_path: Path) -> None:
    async with rinda_demo(tmp_path) as demo:
        running = await ready(demo)
        async with aiohttp.ClientSession() as session:
            for app in APPS:
                async with session.get(running.urls[app]) as reply:
                    page = await reply.text()
                assert reply.status == 200, (app, page)
                # textual-serve's page, its app's websocket on the same port...
                ws_url = running.urls[app].replace("http", "ws", 1) + "ws"
                assert f'data-session-websocket-url="{ws_url}"' in page
                assert "https://" not in page  # ...that loads nothing from the internet
            async with session.get(f"{running.urls['phone']}.json") as reply:
                assert reply.status == 200
                ticket = await reply.json()
            # The demo centre takes visitors from home: its /join page is on.
            async with session.get(running.urls["join"], params={"lang": "en"}) as reply:
                joining = await reply.text()
            assert reply.status == 200 and "Join today&#x27;s queue" in joining, joining[:300]
        assert ticket["number"] == running.number == "A001"
        assert ticket["status"] == "waiting"


@pytest.mark.parametrize("stop", ["ctrl_c", "kill"])
async def test_ctrl_c_or_kill_stops_apps_simulator_and_server_and_removes_the_folder(
    tmp_path: Path, stop: str
) -> None:
    async with rinda_demo(tmp_path, "--simulate") as demo:
        running = await ready(demo)
        assert running.folder.parent == tmp_path and running.folder.is_dir()
        async with aiohttp.ClientSession() as session:
            # A browser on each page: each has its own app process now.
            pages = [await open_app(session, running.urls[app]) for app in APPS]
            processes = demo.note_processes()
            rinda = {
                pid: args[4:]
                for pid in processes
                if (args := argv(pid))[:4] == [sys.executable, "-P", "-m", "server.cli"]
            }
            commands = sorted(args[0] for args in rinda.values())
            assert commands == sorted(["serve", *(COMMANDS[app] for app in APPS)]), rinda
            # Each app has its own token, and no token is on any command line (`ps` shows
            # those to every user of the machine).
            apps = [pid for pid, args in rinda.items() if args[0] != "serve"]
            tokens = [environment(pid).get("RINDA_TOKEN") for pid in apps]
            assert all(tokens) and len(set(tokens)) == len(APPS)
            for pid in processes:
                line = command_line(pid)
                assert not [token for token in tokens if token and token in line], line
            getattr(demo, stop)()
            assert await demo.wait(STOP_TIMEOUT) == 0, demo.stderr.read_text()[-3000:]
            async with asyncio.timeout(TIMEOUT):
                await asyncio.gather(*pages)  # the sites closed them
        await demo.wait_line("rinda demo: stopped (its temporary data is gone; --dir keeps it)")
        assert not running.folder.exists()
        assert list(tmp_path.glob("rinda-demo-*")) == []
        left = [command_line(pid) for pid, started in processes.items() if alive(pid, started)]
        assert left == []
        for port in (running.server_port, *range(demo.web_port, demo.web_port + len(APPS))):
            assert await refused(port), port
        demo.assert_no_traceback()


async def test_the_display_in_a_browser_shows_a_call_made_at_a_counter(tmp_path: Path) -> None:
    folder = tmp_path / "centre"
    async with rinda_demo(tmp_path, "--dir", str(folder)) as demo:
        running = await ready(demo)
        assert running.folder == folder
        # Counter 2's token, added as a centre's admin would while the server runs.
        token_add = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server.cli", "token", "add", "--db", str(folder / "rinda.db"),
            "--config", str(folder / "centre.toml"), "--role", "counter", "--device", "c2",
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        async with asyncio.timeout(TIMEOUT):
            out, _ = await token_add.communicate()
        assert token_add.returncode == 0
        token = out.decode().strip()

        call = f"{running.number} → 2"  # counter 2's name is "2"
        blocks = [[call]] + [[r.rstrip() for r in font.render(call, s)] for s in range(1, 8)]
        async with chromium() as browser:
            page = await open_page(browser, "about:blank")
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await page.send("Page.navigate", url=running.urls["display"])
            await page.wait_true("document.body.classList.contains('-first-byte')", TIMEOUT)
            # The display has the server's board: one visitor (the sample ticket) waits for
            # service A (its name in whichever language the display shows now).
            one_waits = f"{SCREEN_JS}.some(row => /\\bA  \\S.*\\s1\\s/.test(row))"
            await wait_screen(page, one_waits, "the sample ticket waiting")
            assert not await page.evaluate(shows_js(blocks))
            hello = Hello(protocol=1, role="counter", token=token, counter="2")
            async with asyncio.timeout(TIMEOUT), Client(running.ws_url, hello) as counter:
                await counter.request(SignIn(id=counter.new_id(), clerk="anna", pin="1234"))
                called = await counter.request(CallNext(id=counter.new_id()))
            assert called.ticket is not None and called.ticket.number == running.number
            await wait_screen(page, shows_js(blocks), call)
            # The window display above counter 1, where nobody signed in: "closed" very large,
            # in whichever language it shows now.
            window = await open_page(browser, "about:blank")
            await window.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await window.send("Page.navigate", url=running.urls["window"])
            words = [Catalog("display").t(lang, "window.closed") for lang in LANGS]
            closed = [[r.rstrip() for r in font.render(w, s)] for w in words for s in range(1, 8)]
            await wait_screen(window, shows_js(closed), "counter 1 closed on its window display")
            demo.ctrl_c()
            assert await demo.wait() == 0, demo.stderr.read_text()[-3000:]
        await demo.wait_line("rinda demo: stopped")
        demo.assert_no_traceback()
        assert (folder / "rinda.db").exists()  # --dir keeps the centre


async def test_a_taken_web_port_is_a_clear_error(tmp_path: Path) -> None:
    base = web_ports()
    server_port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", base + 1))  # the display's
        taken.listen()
        async with rinda_demo(tmp_path, "--port", str(server_port), web_port=base) as demo:
            assert await demo.wait() == 2
            err = demo.stderr.read_text()
    assert f"rinda: cannot serve the demo's display on 127.0.0.1:{base + 1}" in err, err
    assert "Address already in use" in err
    assert "Traceback" not in err
    assert demo.lines == []
    # Its server was stopped, its temporary folder removed, the kiosk's port let go.
    assert await refused(server_port)
    assert await refused(base)
    assert processes_mentioning(str(tmp_path)) == []
    assert list(tmp_path.glob("rinda-demo-*")) == []


async def test_lang_starts_the_served_apps_in_that_language(tmp_path: Path) -> None:
    # The kiosk's start page names the centre in the kiosk's home language.
    russian_name = "Огрского".encode()
    async with rinda_demo(tmp_path, "--lang", "ru") as demo:
        running = await ready(demo)
        url = running.urls["kiosk"].replace("http", "ws", 1) + "ws?width=100&height=30"
        drawn = b""
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            async with asyncio.timeout(TIMEOUT):
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        drawn += message.data
                        if russian_name in drawn:
                            break
        demo.ctrl_c()
        assert await demo.wait(STOP_TIMEOUT) == 0, demo.stderr.read_text()[-3000:]
        demo.assert_no_traceback()
