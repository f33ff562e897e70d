"""The phone page in a real browser: open while the visitor waits, it turns into "How was
your visit?" by itself when the visit ends, its five faces in one row even 360 px wide, and a
tap on a face (a plain form) rates it; a comment typed before a reason is tapped is sent with
it, and the page says it was saved."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from tests.conftest import Clock, centre_toml
from tests.kiosk.browser import Page, chromium, open_page
from tests.kiosk.test_phone_page import local, take
from tests.server.harness import Running, device, start_server

COMMENTS = "[feedback]\ncomment_chars = 200\n"


@pytest.fixture
def config() -> CentreConfig:
    return loads(centre_toml() + COMMENTS)


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(config, db_path, clock) as srv:
        yield srv


async def shown(page: Page, selector: str, part: str) -> str:
    """`wait_text` across a navigation: the document it waits in may be replaced under it."""
    async with asyncio.timeout(20):
        while True:
            try:
                return await page.wait_text(selector, part, timeout=20)
            except RuntimeError:  # "Execution context was destroyed": the next page loads
                continue


async def test_the_page_asks_when_the_visit_ends_and_a_face_rates_it(running: Running) -> None:
    ticket = await take(running, "tax")
    async with chromium("en") as browser:
        page = await open_page(browser, local(running, ticket["status_url"]))
        assert await page.wait_text("#status", "Please wait")
        assert await page.wait_true("document.querySelector('main').dataset.live === 'push'")
        assert await page.evaluate("document.getElementById('rating')") is None
        async with device(running, "c3") as counter:
            await counter.ok("call_next")
            await counter.ok("finish", ticket="B001")
        # Pushed "done": the page reloads into the question, with no tap.
        assert await shown(page, "#rating h2", "How was your visit?")
        # On a narrow phone the five-point scale stays one row, and so do LV / RU / EN.
        await page.send(
            "Emulation.setDeviceMetricsOverride", width=360, height=780, deviceScaleFactor=1,
            mobile=True,
        )  # fmt: skip
        assert await page.wait_true("document.documentElement.clientWidth === 360")
        rows = "s => new Set([...document.querySelectorAll(s)].map(e => e.offsetTop)).size"
        assert await page.evaluate(f"({rows})('.faces button')") == 1
        assert await page.evaluate(f"({rows})('nav a')") == 1
        await page.evaluate("document.querySelector('button[name=score][value=\"4\"]').click()")
        assert await shown(page, "#answer", "Your rating: 😊 Good")
    rating = running.server.owner.centre.state.ratings["B001"]
    assert (rating.score, rating.reason) == (4, None)


async def test_a_comment_typed_then_a_reason_tapped_are_both_saved(running: Running) -> None:
    ticket = await take(running, "tax")
    async with device(running, "c3") as counter:
        await counter.ok("call_next")
        await counter.ok("finish", ticket="B001")
    async with chromium("lv") as browser:
        page = await open_page(browser, local(running, ticket["status_url"]))
        assert await shown(page, "#rating h2", "Kā jums patika apmeklējums?")
        await page.evaluate("document.querySelector('button[name=score][value=\"2\"]').click()")
        assert await shown(page, "#answer", "Jūsu vērtējums: 😕 Slikti")
        await page.evaluate("document.querySelector('textarea').value = 'Rinda bija gara'")
        await page.evaluate("document.querySelector('button[value=waited_too_long]').click()")
        assert await shown(page, "#saved", "Komentārs saglabāts.")
        assert await page.text("#answer") == "Jūsu vērtējums: 😕 Slikti · Pārāk ilgi gaidīju"
        assert await page.evaluate("document.querySelector('textarea').value") == (
            "Rinda bija gara"
        )
    rows = await running.server.store.fetch_rows("SELECT ticket, text FROM comments")
    assert rows == [("B001", "Rinda bija gara")]
