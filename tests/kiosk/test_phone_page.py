"""The visitor's phone page behind the ticket's QR: served by the server's HTTP, live."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from server.net.status_page import pick_lang
from tests.kiosk.browser import chromium, open_page
from tests.server.harness import Running, device


def local(running: Running, status_url: str) -> str:
    """The status link, pointed at the test server instead of the centre's public URL."""
    return f"http://127.0.0.1:{running.port}/t/{status_url.rsplit('/t/', 1)[1]}"


async def get(url: str, lang: str = "lv") -> tuple[int, dict[str, str], str]:
    def fetch() -> tuple[int, dict[str, str], str]:
        req = urllib.request.Request(url, headers={"Accept-Language": lang})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    return await asyncio.to_thread(fetch)


async def take(running: Running, service: str = "social") -> dict[str, Any]:
    async with device(running, "k1") as kiosk:
        reply = await kiosk.ok("take_ticket", service=service)
    ticket: dict[str, Any] = reply["ticket"]
    return ticket


@pytest.mark.parametrize(
    ("query", "header", "lang"),
    [
        ("", "ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("", "de-DE,en;q=0.5,lv;q=0.7", "lv"),
        ("", "en-GB", "en"),
        ("", None, "lv"),
        ("lang=en", "ru", "en"),
        ("lang=xx", "ru", "ru"),
    ],
)
def test_language_choice(query: str, header: str | None, lang: str) -> None:
    assert pick_lang(query, header) == lang


async def test_page_and_json_follow_the_ticket(running: Running) -> None:
    running.use_estimator("naive")
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
        ticket = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        # The queue round that estimates the new ticket's wait.
        while (await kiosk.event("queue"))["services"]["social"]["waiting"] != 2:
            pass
    url = local(running, ticket["status_url"])
    status, headers, body = await get(url, "ru")
    assert status == 200
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "A002" in body and "Социальные услуги" in body and "Перед вами: 1" in body
    assert "Ожидание 5–10 мин" in body
    assert "http" not in body.split("<body>", 1)[1]  # nothing external on the page
    status, _, body = await get(url + ".json")
    assert json.loads(body) == {
        "number": "A002",
        "service": "Sociālie pakalpojumi",
        "status": "waiting",
        "ahead": 1,
        # One visitor ahead, 10 min each, two counters: 5 min, the first band above none.
        "wait": {"low_min": 5, "high_min": 10},
        "counter": None,
        # Not rated, and not to be rated before the visit ends.
        "rating": None,
        "rateable": False,
    }
    async with device(running, "c2") as counter:
        await counter.ok("call_next")
        await counter.ok("finish", ticket="A001")
        await counter.ok("call_next")
    _, _, body = await get(url + ".json")
    assert json.loads(body)["status"] == "called"
    assert json.loads(body)["counter"] == "2"
    _, _, body = await get(url, "en")
    assert "Please go to counter 2" in body


async def test_an_unknown_token_is_a_404_page(running: Running) -> None:
    status, _, body = await get(f"http://127.0.0.1:{running.port}/t/NoSuchTokenAtAll123", "en")
    assert status == 404
    assert "There is no such number" in body
    status, _, _ = await get(f"http://127.0.0.1:{running.port}/t/NoSuchTokenAtAll123.json")
    assert status == 404
    status, headers, _ = await get(f"http://127.0.0.1:{running.port}/t/page.css")
    assert status == 200 and headers["Content-Type"] == "text/css"


async def test_the_page_changes_to_go_to_counter_in_a_real_browser(running: Running) -> None:
    ticket = await take(running, "tax")
    async with chromium("lv") as browser:
        page = await open_page(browser, local(running, ticket["status_url"]))
        assert await page.wait_text("#number", "B001")
        assert await page.wait_text("#status", "Lūdzu, uzgaidiet")
        assert await page.text("#service") == "Nodokļi"
        # The page follows its ticket over the server's websocket (pushed, not polled).
        assert await page.wait_true("document.querySelector('main').dataset.live === 'push'")
        assert "B001" in running.server.hub.phones
        async with device(running, "c3") as counter:
            await counter.ok("call_next")
        shown = await page.wait_text("#status", "Lūdzu, dodieties pie 3. loga")
        assert shown == "Lūdzu, dodieties pie 3. loga"
        assert await page.evaluate("document.querySelector('main').dataset.live") == "push"
        assert await page.evaluate("location.pathname.endsWith('.json')") is False


async def test_the_page_puts_the_pushed_wait_band_into_words(running: Running) -> None:
    running.use_estimator("naive")
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="tax")
        await kiosk.ok("take_ticket", service="tax")
        while (await kiosk.event("queue"))["services"]["tax"]["waiting"] != 2:
            pass
        second = (await kiosk.ok("take_ticket", service="tax"))["ticket"]
        while (await kiosk.event("queue"))["services"]["tax"]["waiting"] != 3:
            pass
    async with chromium("en") as browser:
        page = await open_page(browser, local(running, second["status_url"]))
        assert await page.wait_text("#number", "B003")
        assert await page.wait_true("document.querySelector('main').dataset.live === 'push'")
        # Two ahead, 10 minutes each, two counters serve taxes: 10 minutes, in the 10–15 band.
        assert await page.wait_text("#detail", "People ahead: 2 · Expected wait 10–15 min")
        async with device(running, "c3") as counter:
            await counter.ok("call_next")
            # Counter 3 opened: one counter now serves taxes, one visitor ahead.
            await page.wait_text("#detail", "People ahead: 1 · Expected wait 10–15 min")
            await counter.ok("finish", ticket="B001")
            await counter.ok("call_next")
        # Drawn by the page's script from the pushed band: the same words as the server's.
        shown = await page.wait_text("#detail", "People ahead: 0 · Almost no wait")
        assert shown == "People ahead: 0 · Almost no wait"
