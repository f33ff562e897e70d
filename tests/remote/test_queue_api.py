"""POST /api/v1/queue: a municipality's website joins a visitor to today's queue; the
refusals are the API's errors with their statuses, and change nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Clock
from tests.remote.conftest import Web, serving
from tests.server.harness import device


async def test_a_website_joins_a_visitor_to_the_queue(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web, device(web.running, "c1") as counter:
        got = await web.api({"service": "social", "lang": "ru"}, key="order-1")
        assert got.status == 201, got
        ticket = got.json["ticket"]
        assert (ticket["number"], ticket["service"], ticket["ahead"]) == ("A001", "social", 0)
        assert ticket["wait"] == {"low_min": 0, "high_min": 5}
        assert ticket["link"].startswith("http://rinda.test/t/")
        assert ticket["joined_at"] == "2026-11-25T09:00:00Z"
        taken = await counter.event("taken")
        assert taken["remote"] is True
        (t,) = web.tickets().values()
        assert t.remote and t.absent and t.lang == "ru" and t.code == ticket["code"]
        # The same Idempotency-Key: the same ticket, no second one.
        again = await web.api({"service": "social", "lang": "ru"}, key="order-1")
        assert again.status == 201 and again.json == got.json
        assert len(web.tickets()) == 1
        # Staff see it as a remote ticket not here yet.
        async with device(web.running, "m1") as manager:
            (view,) = manager.welcome["snapshot"]["tickets"]
        assert (view["number"], view["remote"], view["here"]) == ("A001", True, False)


async def refused(web: Web, body: object, status: int, code: str) -> None:
    before = len(web.tickets())
    got = await web.api(body)
    assert (got.status, got.json["error"]["code"]) == (status, code), got
    assert got.json["error"]["message"]
    assert len(web.tickets()) == before


async def test_the_api_refuses_clearly_and_changes_nothing(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, max_waiting=1) as web:
        await refused(web, {"service": "tax"}, 403, "remote_off")
        await refused(web, {"service": "nothing"}, 404, "unknown_service")
        await refused(web, {"service": "social", "lang": "de"}, 400, "invalid_field")
        await refused(web, {"service": "social", "name": "Anna"}, 400, "invalid_field")
        # No gateway configured: a contact would be kept for nothing.
        await refused(web, {"service": "social", "contact": "+37120000000"}, 400, "invalid_field")
        assert (await web.api({"service": "social"})).status == 201
        await refused(web, {"service": "social"}, 409, "remote_full")
        async with device(web.running, "m1") as manager:
            await manager.ok("stop_issuing", service="social")
        await refused(web, {"service": "social"}, 409, "service_closed")


async def test_nothing_is_joined_while_remote_joining_is_off(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, enabled=False, page=False) as web:
        await refused(web, {"service": "social"}, 403, "remote_off")


async def test_a_contact_for_the_gateway_is_checked(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, notify_url="https://sms.example.lv/send") as web:
        await refused(web, {"service": "social", "contact": "call me"}, 400, "invalid_field")
        got = await web.api({"service": "social", "contact": "anna@example.lv"})
        assert got.status == 201
        assert "anna@" not in got.text


async def test_a_website_sees_what_may_be_joined_now(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, max_waiting=1) as web:
        auth = {"Authorization": f"Bearer {web.running.tokens['web']}"}
        listed = await web.call("GET", "/api/v1/queue", **auth)
        assert listed.status == 200
        # "tax" is not offered from home: not listed at all.
        assert listed.json == {
            "services": [
                {
                    "id": "social",
                    "name": {
                        "lv": "Sociālie pakalpojumi",
                        "ru": "Социальные услуги",
                        "en": "Social services",
                    },
                    "open": True,
                    "why": None,
                    "wait": {"low_min": 0, "high_min": 5},
                }
            ]
        }
        assert (await web.api({"service": "social"})).status == 201
        (social,) = (await web.call("GET", "/api/v1/queue", **auth)).json["services"]
        assert (social["open"], social["why"], social["wait"]) == (False, "remote_full", None)
        put = await web.call("PUT", "/api/v1/queue", b"{}", **auth)
        assert put.status == 405 and put.headers["allow"] == "GET, HEAD, POST"
        assert (await web.call("GET", "/api/v1/queue")).status == 401
