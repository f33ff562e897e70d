"""GET /live from a real server over HTTP: the floor as a person would count it, and only for
this machine or a manager's token (a token that is sent must be a manager's)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from websockets.datastructures import Headers
from websockets.http11 import Request

from server.net.live import LivePage
from server.protocol.live import decode_live
from tests.conftest import Clock
from tests.server.harness import Running, device


def _get(url: str, authorization: str | None, method: str) -> tuple[int, str, bytes]:
    headers = {"Authorization": authorization} if authorization else {}
    ask = urllib.request.Request(url, headers=headers, method=method)
    try:
        with urllib.request.urlopen(ask, timeout=5) as r:
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read()


async def get(
    running: Running, token: str | None = None, *, scheme: str = "Bearer", method: str = "GET"
) -> tuple[int, str, bytes]:
    url = f"http://127.0.0.1:{running.port}/live"
    authorization = f"{scheme} {token}" if token is not None else None
    return await asyncio.to_thread(_get, url, authorization, method)


async def test_the_floor_now(running: Running, clock: Clock) -> None:
    running.use_estimator("naive")
    async with (
        device(running, "k1") as kiosk,
        device(running, "c1") as one,
        device(running, "c2") as two,
        device(running, "m1") as manager,
    ):
        for service in ("social", "social", "social", "tax"):
            await kiosk.ok("take_ticket", service=service)
        clock.now += timedelta(minutes=5)
        await one.ok("call_next")  # A001 and A002 leave the queue
        await one.ok("finish", ticket="A001")
        await one.ok("pause", reason="break")
        await two.ok("call_next")
        await manager.ok("stop_issuing", service="tax", reason="")
        clock.now += timedelta(minutes=2)
        running.settle()
        status, kind, body = await get(running)
    assert status == 200 and kind == "application/json"
    raw: dict[str, Any] = json.loads(body)
    live = decode_live(body)
    assert live.centre == {"lv": "Testa centrs", "ru": "Тестовый центр", "en": "Test centre"}
    assert live.now == clock.now.isoformat().replace("+00:00", "Z")
    social, tax = live.services["social"], live.services["tax"]
    assert (social.waiting, tax.waiting) == (1, 1)
    assert social.longest_wait_s == tax.longest_wait_s == 7 * 60  # taken 7 minutes ago
    assert (social.target_s, tax.target_s) == (15 * 60, 15 * 60)
    assert (social.issuing, tax.issuing) == (True, False)
    assert social.name["en"] == "Social services"
    # The wait a newcomer is told now: the owner's current estimate, not one of its own.
    told = running.server.owner.waits.new
    assert social.expected_wait_s == told[("social", None)] > 0
    assert live.counters.open == 1 and live.counters.paused == 1 and live.counters.closed == 1
    assert set(raw) == {"centre", "now", "services", "counters"}


async def test_a_manager_token_is_answered_and_any_other_refused(running: Running) -> None:
    status, _kind, body = await get(running, running.tokens["m1"])
    assert status == 200 and decode_live(body).counters.closed == 3
    # Loopback without a token: answered, as /metrics is.
    assert (await get(running))[0] == 200
    # A token that is sent is checked, even from loopback: a wrong one in a watch list shows.
    for wrong in (running.tokens["k1"], running.tokens["c1"], running.tokens["d1"], "nonsense"):
        status, kind, body = await get(running, wrong)
        assert status == 403 and kind.startswith("text/plain")
        assert b"manager" in body and b"services" not in body
    assert (await get(running, running.tokens["m1"], scheme="Basic"))[0] == 403
    assert (await get(running, "x" * 200))[0] == 403
    # HEAD: the same status and length, no body.
    status, _kind, body = await get(running, running.tokens["m1"], method="HEAD")
    assert status == 200 and body == b""


def request(authorization: str | None = None) -> Request:
    return Request("/live", Headers({"Authorization": authorization} if authorization else {}))


async def test_from_another_machine_only_with_a_manager_token(running: Running) -> None:
    """A test server listens on loopback only: a caller from elsewhere is asked of the page
    itself, with the address the router would hand it."""
    page = LivePage(running.server.owner, running.server.store, running.server.config)
    outside = "192.0.2.7"
    refused = await page.respond(outside, request())
    assert refused.status_code == 403 and b"services" not in refused.body
    allowed = await page.respond(outside, request(f"Bearer {running.tokens['m1']}"))
    assert allowed.status_code == 200 and decode_live(allowed.body).services
    kiosk = await page.respond(outside, request(f"Bearer {running.tokens['k1']}"))
    assert kiosk.status_code == 403
