"""A visitor's phone follows its own ticket over the websocket."""

from __future__ import annotations

import contextlib
import json

from websockets.asyncio.client import connect

from tests.server.harness import Running, device, peer


def phone_hello(token: str) -> dict[str, object]:
    return {"type": "hello", "protocol": 1, "role": "phone", "token": token}


async def test_the_phone_hears_when_its_ticket_is_called(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
        mine = (await kiosk.ok("take_ticket", service="social"))["ticket"]
    token = mine["status_url"].rsplit("/", 1)[1]
    async with peer(running.url, phone_hello(token)) as phone, device(running, "c2") as counter:
        assert phone.welcome["snapshot"]["ticket"]["number"] == "A002"
        assert phone.welcome["snapshot"]["ticket"]["ahead"] == 1
        await counter.ok("call_next")  # A001: one fewer ahead of A002
        assert (await phone.event("status"))["ahead"] == 0
        await counter.ok("finish", ticket="A001")
        await counter.ok("call_next")
        status = await phone.event("status")
        while status["status"] != "called":
            status = await phone.event("status")
        assert (status["number"], status["counter"]) == ("A002", "2")
        # Only its own ticket: nothing about others, and it may not ask for anything.
        assert {e["type"] for e in phone.events} <= {"status"}
        reply = await phone.request("take_ticket", service="social")
        assert reply["code"] == "forbidden"


async def test_a_wrong_link_is_refused(running: Running) -> None:
    async with connect(running.url) as ws:
        await ws.send(json.dumps(phone_hello("not-a-real-token-123")))
        reply = json.loads(await ws.recv())
    assert (reply["type"], reply["code"]) == ("error", "unauthorized")


async def test_a_call_that_ends_at_once_still_reaches_the_phone_once(running: Running) -> None:
    """Called and finished within one queue round: the visitor still sees "go to counter 2",
    then "done", and never the same status twice."""
    async with device(running, "k1") as kiosk:
        mine = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        token = mine["status_url"].rsplit("/", 1)[1]
        async with peer(running.url, phone_hello(token)) as phone, device(running, "c2") as c2:
            assert phone.welcome["snapshot"]["ticket"]["status"] == "waiting"
            # Sent back to back, so both may be decided in one commit.
            await c2.send({"type": "call_next", "id": "call"})
            await c2.send({"type": "finish", "id": "end", "ticket": mine["number"]})
            replies = {}
            while len(replies) < 2:
                frame = await c2.recv()
                if "re" in frame:
                    replies[frame["re"]] = frame["type"]
            assert replies == {"call": "ok", "end": "ok"}
            # A queue round after the finish: phones are checked again at every round.
            await kiosk.ok("take_ticket", service="social")
            while (await kiosk.event("queue"))["services"]["social"]["waiting"] != 1:
                pass
            # The phone's answer to a request comes after anything sent to it before.
            assert (await phone.request("take_ticket", service="social"))["code"] == "forbidden"
            seen = [(s["status"], s["counter"]) for s in phone.events]
            assert seen == [("called", "2"), ("done", "2")]
            assert {e["type"] for e in phone.events} == {"status"}


async def test_a_phone_is_not_sent_what_its_welcome_showed(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        mine = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        token = mine["status_url"].rsplit("/", 1)[1]
        async with peer(running.url, phone_hello(token)) as phone:
            # Another service's queue changes: a queue round, nothing new for this visitor.
            await kiosk.ok("take_ticket", service="tax")
            while (await kiosk.event("queue"))["services"]["tax"]["waiting"] != 1:
                pass
            assert (await phone.request("take_ticket", service="social"))["code"] == "forbidden"
            assert phone.events == []


async def test_one_ticket_is_followed_live_on_a_few_phones_at_most(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        mine = (await kiosk.ok("take_ticket", service="social"))["ticket"]
    token = mine["status_url"].rsplit("/", 1)[1]
    most = running.server.config.limits.phones_per_ticket
    async with contextlib.AsyncExitStack() as phones:
        for _ in range(most):
            await phones.enter_async_context(peer(running.url, phone_hello(token)))
        async with connect(running.url) as ws:
            await ws.send(json.dumps(phone_hello(token)))
            reply = json.loads(await ws.recv())
        assert (reply["type"], reply["code"]) == ("error", "too_many_connections")
    # Once those pages are closed, another phone may follow it.
    async with peer(running.url, phone_hello(token)) as phone:
        assert phone.welcome["snapshot"]["ticket"]["number"] == "A001"
