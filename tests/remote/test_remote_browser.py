"""The phone page of a ticket joined from home in a real headless Chromium: its script words
"set off", then "come now" and "your turn has come" as they are pushed, and buzzes and sounds
once at each of those two moments, never at the first paint."""

from __future__ import annotations

from pathlib import Path

from websockets.asyncio.client import ClientConnection

from tests.conftest import Clock
from tests.kiosk.browser import Page, _call, chromium
from tests.remote.conftest import serving
from tests.server.harness import device

# Counts what the page asks of the phone instead of buzzing and sounding.
WATCH = """
window.buzzes = 0; window.tones = 0;
navigator.vibrate = function () { window.buzzes += 1; return true; };
const RealAudio = window.AudioContext;
window.AudioContext = function () { window.tones += 1; return new RealAudio(); };
"""


async def watched_page(browser: ClientConnection, url: str) -> Page:
    """`url` in a new tab whose phone cannot buzz or sound, only count (tests/kiosk/browser.py
    `open_page`, with WATCH run before the page's own script)."""
    target = await _call(browser, 1, "Target.createTarget", {"url": "about:blank"}, None)
    tab = {"targetId": target["targetId"], "flatten": True}
    attached = await _call(browser, 2, "Target.attachToTarget", tab, None)
    page = Page(browser, attached["sessionId"])
    await page.send("Page.enable")
    await page.send("Page.addScriptToEvaluateOnNewDocument", source=WATCH)
    await page.send("Page.navigate", url=url)
    return page


async def test_the_page_says_when_to_come_and_buzzes_once(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, come_before_min=1) as web:
        running = web.running
        running.use_estimator("naive")
        async with device(running, "k1") as kiosk:
            for _ in range(3):
                await kiosk.ok("take_ticket", service="social")
        got = await web.api({"service": "social", "lang": "en"})
        path = got.json["ticket"]["link"].removeprefix("http://rinda.test")
        running.settle()
        async with chromium("en") as browser:
            page = await watched_page(browser, f"{web.base}{path}")
            # Three ahead, 10 min each, two counters: 15 min, less the 1 min of "come".
            assert await page.wait_text("#status", "Set off in about 15 min")
            assert await page.wait_true("document.querySelector('main').dataset.live === 'push'")
            assert await page.text("#detail") == "People ahead: 3\nExpected wait 15–25 min"
            assert await page.evaluate("window.buzzes + window.tones") == 0
            async with device(running, "m1") as manager:
                for number in ("A001", "A002", "A003"):
                    await manager.ok("cancel", ticket=number)
            assert await page.wait_text("#status", "Come now: your turn is in a few minutes")
            assert await page.wait_true("window.buzzes === 1 && window.tones === 1")
            assert await page.evaluate("document.querySelector('main').className") == "come"
            async with device(running, "c2") as counter:
                assert (await counter.ok("call_next"))["ticket"] is None
            # 09:15 UTC is 11:15 in Riga, in the page's words as in the server's.
            assert await page.wait_text("#status", "check in at the kiosk by 11:15")
            assert await page.wait_true("window.buzzes === 2 && window.tones === 2")
            async with device(running, "k1") as kiosk:
                await kiosk.ok("check_in", code=got.json["ticket"]["code"])
            assert await page.wait_text("#status", "Please wait")
            assert await page.wait_true("document.getElementById('remote').hidden")
            assert await page.evaluate("document.getElementById('give-up').hidden") is False
            assert await page.evaluate("window.buzzes") == 2
            # Called: the place can no longer be given up.
            async with device(running, "c2") as counter:
                assert (await counter.ok("call_next"))["ticket"]["number"] == "A004"
            assert await page.wait_text("#status", "Please go to counter 2")
            assert await page.wait_true("document.getElementById('give-up').hidden")
