"""`rinda demo --web`: the URLs it prints stay the last thing on the screen while the pages are
used (an access log line for every file and websocket of every page pushed them off it, and
the simulator's clients logged their connections below them)."""

from __future__ import annotations

from pathlib import Path

from tests.demo.web_demo import APPS, LAST_LINE, ready, rinda_demo
from tests.kiosk.browser import chromium, open_page
from tests.ops.served import drawn


async def test_using_the_pages_prints_nothing_below_the_urls(tmp_path: Path) -> None:
    async with rinda_demo(tmp_path, "--simulate") as demo:
        running = await ready(demo)
        printed = list(demo.lines)
        assert printed[-1] == LAST_LINE
        async with chromium() as browser:
            for app in APPS:  # each page: its HTML, script, styles, fonts and websocket
                await drawn(await open_page(browser, running.urls[app]))
                await drawn(await open_page(browser, running.urls[app]))  # twice
        assert demo.lines == printed
        assert demo.stderr.read_text() == ""  # the logs went to the demo's log file
        assert "rinda.client: connected" in (running.folder / "demo.log").read_text()
