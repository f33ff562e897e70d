"""Hello, welcome and who may do what — over real sockets against a real server."""

from __future__ import annotations

import json

from websockets.asyncio.client import connect

from tests.server.harness import Running, device, peer


async def _hello_reply(url: str, hello: dict) -> dict:
    async with connect(url) as ws:
        await ws.send(json.dumps(hello))
        return json.loads(await ws.recv())


async def test_kiosk_welcome_has_services_with_waiting_counts(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        snap = kiosk.welcome["snapshot"]
        assert snap["role"] == "kiosk"
        assert snap["centre"]["name"]["lv"] == "Testa centrs"
        services = {s["id"]: s for s in snap["services"]}
        assert services["social"]["prefix"] == "A"
        assert services["social"]["waiting"] == 0
        assert services["tax"]["issuing"] is True
        assert [p["id"] for p in snap["priorities"]] == ["disability", "senior"]


async def test_counter_welcome_carries_its_current_ticket(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    async with device(running, "c2") as counter:
        called = await counter.ok("call_next")
    async with device(running, "c2") as again:
        current = again.welcome["snapshot"]["counter"]["current"]
        assert current["number"] == called["ticket"]["number"] == "A001"
        assert current["status"] == "called"


async def test_wrong_token_is_unauthorized(running: Running) -> None:
    reply = await _hello_reply(running.url, {**running.hello("k1"), "token": "nope"})
    assert reply["type"] == "error"
    assert reply["code"] == "unauthorized"


async def test_token_of_another_role_is_forbidden(running: Running) -> None:
    hello = {**running.hello("k1"), "role": "counter", "counter": "1"}
    reply = await _hello_reply(running.url, hello)
    assert reply["code"] == "forbidden"


async def test_counter_token_only_opens_its_own_counter(running: Running) -> None:
    reply = await _hello_reply(running.url, {**running.hello("c1"), "counter": "2"})
    assert reply["code"] == "forbidden"
    assert "counter 1" in reply["message"]


async def test_a_counter_hello_without_its_counter_says_what_is_missing(running: Running) -> None:
    hello = {k: v for k, v in running.hello("c1").items() if k != "counter"}
    reply = await _hello_reply(running.url, hello)
    assert reply["code"] == "forbidden"
    assert reply["message"] == (
        'A counter hello needs "counter": the counter id from the centre config.'
    )


async def test_unsupported_protocol_version(running: Running) -> None:
    reply = await _hello_reply(running.url, {**running.hello("k1"), "protocol": 99})
    assert reply["code"] == "unsupported_protocol"


async def test_requests_before_hello_are_unauthorized_and_change_nothing(running: Running) -> None:
    async with connect(running.url) as ws:
        await ws.send(json.dumps({"type": "take_ticket", "id": "x", "service": "social"}))
        reply = json.loads(await ws.recv())
    assert reply == {
        "type": "error",
        "code": "unauthorized",
        "message": "Say hello with a token first.",
        "re": "x",
    }
    async with device(running, "m1") as manager:
        assert manager.welcome["snapshot"]["tickets"] == []


async def test_role_may_not_send_what_it_may_not_do(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        reply = await kiosk.request("call_next")
        assert reply["code"] == "forbidden"
    async with device(running, "c1") as counter:
        reply = await counter.request("take_ticket", service="social")
        assert reply["code"] == "forbidden"
        assert (await counter.ok("call_next"))["ticket"] is None


async def test_anonymous_display_on_loopback(running: Running) -> None:
    async with peer(running.url, {"type": "hello", "protocol": 1, "role": "display"}) as d:
        assert d.welcome["snapshot"]["role"] == "display"


async def test_anonymous_kiosk_is_refused(running: Running) -> None:
    reply = await _hello_reply(running.url, {"type": "hello", "protocol": 1, "role": "kiosk"})
    assert reply["code"] == "unauthorized"
