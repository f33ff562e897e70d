"""The text of a `--web` page is sized for its screen: big on a kiosk and a TV, whatever their
resolution (the page fits the app's layout to the window), the usual 16 px on a clerk's desktop,
and as the options or the page's URL say."""

from __future__ import annotations

import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from server.cli import parser
from server.web import WEB_FIT, WebText, start_site, web_text
from tests.kiosk.browser import chromium, open_page
from tests.ops.served import drawn, free_port, rinda_web
from tests.ops.test_web_mode import CATCH_TERMINAL
from tests.server.harness import Running

TERMINAL = "(t => [t.options.fontSize, t.cols, t.rows])(window.rindaTerminal)"


async def terminal_at(url: str, width: int, height: int) -> tuple[int, int, int]:
    """The page's text size and its terminal's columns and rows, in a window of that size."""
    async with chromium() as browser:
        page = await open_page(browser, "about:blank")
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        await page.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await page.send("Page.navigate", url=url)
        await drawn(page, "window.rindaTerminal")
        size, cols, rows = await page.evaluate(TERMINAL)
        return int(size), cols, rows


async def test_the_display_fills_a_1080p_tv_with_big_text_and_a_720p_one_alike(
    running: Running, tmp_path: Path
) -> None:
    app = ("display", "--url", running.url, f"--token={running.tokens['d1']}", "--no-sound")
    cols, rows = WEB_FIT["display"]
    async with rinda_web(tmp_path, *app) as served:
        size, *grid = await terminal_at(served.url, 1920, 1080)
        assert size >= 28  # textual-serve's 16 px was unreadable across a room
        assert grid[0] >= cols and grid[1] >= rows
        # A smaller screen shows the same layout, in proportion.
        small, *small_grid = await terminal_at(served.url, 1280, 720)
        assert small < size
        assert small_grid[0] >= cols and small_grid[1] >= rows
        assert small_grid[1] <= rows + 1  # the largest text that fits, not any that does


async def test_a_fixed_size_from_the_command_line(running: Running, tmp_path: Path) -> None:
    app = ("counter", "--url", running.url, "--counter", "1", f"--token={running.tokens['c1']}",
           "--web-font-size", "24")  # fmt: skip
    async with rinda_web(tmp_path, *app) as served:
        assert (await terminal_at(served.url, 1920, 1080))[0] == 24


@asynccontextmanager
async def site(text: WebText) -> AsyncIterator[str]:
    port = free_port()
    runner = await start_site([sys.executable, "-c", ""], {}, "127.0.0.1", port, "t", text)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


async def served_size(url: str) -> tuple[str, str]:
    """The page's font size and what it fits, as served."""
    async with aiohttp.ClientSession() as session, session.get(url) as reply:
        page = await reply.text()
    size = re.search(r'data-font-size="(\d+)"', page)
    fit = re.search(r"const fit = (.*?);", page)
    assert size and fit, page
    return size[1], fit[1]


@pytest.mark.parametrize(
    ("argv", "size", "fit"),
    [
        (["kiosk"], "16", "[100, 30]"),
        (["display"], "16", "[96, 27]"),
        (["counter", "--counter", "1"], "16", "null"),
        (["counter", "--counter", "1", "--web-font-size", "20"], "20", "null"),
        (["display", "--web-font-size", "40"], "40", "null"),
        (["counter", "--counter", "1", "--web-fit", "80x24"], "16", "[80, 24]"),
    ],
)
async def test_each_app_s_page_is_served_with_its_text_size(
    argv: list[str], size: str, fit: str
) -> None:
    args = parser().parse_args(argv)
    async with site(web_text(args.command, args.web_font_size, args.web_fit)) as url:
        assert await served_size(url) == (size, fit)
        # The page's URL has the last word, as textual-serve's `?fontsize=` always had.
        assert await served_size(f"{url}?fontsize=24") == ("24", "null")
        assert await served_size(f"{url}?fontsize=999") == (size, fit)  # nonsense: ignored


@pytest.mark.parametrize(
    "option",
    [
        ["--web-font-size", "3"],
        ["--web-font-size", "big"],
        ["--web-fit", "100"],
        ["--web-fit", "0x30"],
        ["--web-fit", "100x30", "--web-font-size", "20"],
    ],
)
def test_a_bad_text_size_is_a_usage_error(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit:
        parser().parse_args(["display", "--web", *option])
    assert exit.value.code == 2
    assert "--web-f" in capsys.readouterr().err
