"""`rinda demo --web` as a user runs it: a subprocess whose printed URLs serve the real apps to a
browser, whose display shows a call made through its server, and that Ctrl+C ends completely.

The demo runs with PYTHONUNBUFFERED removed from its environment, as in a user's shell: the
URLs must reach a pipe (`| tee`, a service's log, this test) while the demo runs.
"""

from __future__ import annotations

import asyncio
import socket
import sys
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
    environment,
    processes_mentioning,
)
from tests.demo.web_demo import (
    APPS,
    COMMANDS,
    STOP_TIMEOUT,
    TIMEOUT,
    free_port,
    open_app,
    ready,
    refused,
    rinda_demo,
    wait_screen,
    web_ports,
)
from tests.kiosk.browser import chromium, open_page
from tests.ops.test_web_mode import CATCH_TERMINAL, SCREEN_JS, shows_js


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
