"""`rinda display --web`: the display served to a real headless Chromium shows a call."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from display import font
from server.config import CentreConfig, loads
from server.web import app_command
from tests.conftest import centre_toml
from tests.kiosk.browser import Page, chromium, open_page
from tests.ops.served import rinda_web
from tests.server.harness import Running, device

# textual-serve's page keeps its xterm.js Terminal to itself and draws it on a canvas, so there is
# no text in the DOM. Before the page's script runs, this catches the Terminal when the page
# stores it (`this.terminal = new Terminal(...)`), to read its screen through xterm's own API.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {
      value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.rindaTerminal = value;
  },
});
"""
# The terminal's rows as text, as the screen shows them.
SCREEN_JS = """(() => {
  const t = window.rindaTerminal, rows = [];
  if (!t) return rows;
  const b = t.buffer.active;
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows;
})()"""


def shows_js(blocks: list[list[str]]) -> str:
    """JS: the screen has one of `blocks` (rows of text) on consecutive rows, one above another."""
    return f"""(() => {{
  const rows = {SCREEN_JS};
  return {json.dumps(blocks)}.some(block => rows.some((_, top) => {{
    const at = top + block.length <= rows.length ? rows[top].indexOf(block[0]) : -1;
    return at >= 0 && block.every((line, i) => rows[top + i].startsWith(line, at));
  }}));
}})()"""


@pytest.fixture
def config() -> CentreConfig:
    """Displays need their token here, so the page only works if --token reached the app."""
    return loads(centre_toml(limits='anonymous_displays = "none"'))


async def wait_screen(page: Page, condition: str, what: str) -> None:
    try:
        await page.wait_true(condition, timeout=15)
    except TimeoutError:
        screen = "\n".join(await page.evaluate(SCREEN_JS))
        raise AssertionError(f"the page never showed {what}:\n{screen}") from None


def test_the_app_runs_again_without_the_web_options_and_the_token() -> None:
    web = ["--web", "--web-port=9000", "--web-host", "0.0.0.0", "--token", "secret"]
    web += ["--web-fit", "80x24", "--web-font-size=20"]
    app = ["--url", "ws://h:1/ws", "--no-sound"]
    command, token = app_command(["--log-level", "DEBUG", "display", *web, *app])
    rinda = [sys.executable, "-P", "-m", "server.cli"]  # -P: not the user's kiosk.py etc.
    assert command == [*rinda, "--log-level", "DEBUG", "display", *app]
    assert token == "secret"


async def test_served_display_shows_a_call_in_a_browser(running: Running, tmp_path: Path) -> None:
    call = "A001 → 2"  # counter c2's name is "2"
    # Drawn in block letters at the largest scale that fits, or as text when none does.
    blocks = [[call]] + [[r.rstrip() for r in font.render(call, s)] for s in range(1, 8)]
    # Labels stay Latvian (--cycle 0): the check below reads a Latvian service name, and with
    # the languages cycling every 8 s a slow start could see only English and Russian in 15 s.
    args = (
        "display", "--url", running.url, f"--token={running.tokens['d1']}", "--no-sound",
        "--cycle", "0",
    )  # fmt: skip
    async with rinda_web(tmp_path, *args) as served, chromium() as ws:
        url = served.url
        page = await open_page(ws, "about:blank")
        await page.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await page.send("Page.navigate", url=url)
        # The app runs and has the server's board (the queue panel lists the services).
        await page.wait_true("document.body.classList.contains('-first-byte')")
        await wait_screen(page, f"{SCREEN_JS}.join('').includes('Sociālie')", "the board")
        assert not await page.evaluate(shows_js(blocks))
        async with device(running, "k1") as kiosk, device(running, "c2") as counter:
            await kiosk.ok("take_ticket", service="social")
            await counter.ok("call_next")
        await wait_screen(page, shows_js(blocks), call)
        # Everything the page loaded (script, styles, fonts) came from `rinda --web` itself.
        loaded = await page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert f"{url}static/fonts/RobotoMono-VariableFont_wght.ttf" in loaded
        assert [x for x in loaded if not x.startswith(url)] == []


def test_a_taken_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "server.cli", "display", "--web", "--web-port", str(port)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr == f"rinda: cannot serve on 127.0.0.1:{port}: Address already in use\n"
    assert run.stdout == ""
