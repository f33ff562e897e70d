"""A feedback tablet over the wire: its welcome names the centre, its counter and the reasons;
it hears only its counter's finished visits and new days; its `rate` counts for the visit just
finished at its counter or anonymously, and bad ratings change nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any, cast
from unittest.mock import ANY

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection

from server.config import CentreConfig, loads
from server.net.hub import Hub
from tests.conftest import Clock, centre_toml
from tests.server.harness import Peer, Running, device, start_server

TABLETS = """
[[devices]]
id = "fb1"
role = "feedback"
counter = "1"

[[devices]]
id = "fb0"
role = "feedback"
"""


@pytest.fixture
def config() -> CentreConfig:
    return loads(centre_toml() + TABLETS)


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(config, db_path, clock) as srv:
        yield srv


async def serve_one(kiosk: Peer, counter: Peer) -> str:
    """A walk-in taken, called and finished at `counter`: its number."""
    number: str = (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
    assert (await counter.ok("call_next"))["ticket"]["number"] == number
    await counter.ok("finish", ticket=number)
    return number


async def test_the_welcome_names_the_centre_the_counter_and_the_reasons(running: Running) -> None:
    async with device(running, "fb1") as tablet, device(running, "fb0") as anywhere:
        snap = tablet.welcome["snapshot"]
        assert snap["role"] == "feedback"
        assert snap["centre"]["name"]["ru"] == "Тестовый центр"
        assert snap["counter"] == {"id": "1", "name": "1"}
        reasons = snap["feedback"]["reasons"]
        assert [r["id"] for r in reasons] == [
            "waited_too_long", "not_helped", "unclear_information", "other",
        ]  # fmt: skip
        assert reasons[0]["name"]["lv"] == "Pārāk ilgi gaidīju"
        assert snap["feedback"]["tablet_window_min"] == 10
        assert "services" not in snap and "calls" not in snap
        assert anywhere.welcome["snapshot"]["counter"] is None


async def test_a_tablet_hears_only_its_counters_finished_visits_and_new_days(
    running: Running, clock: Clock
) -> None:
    async with (
        device(running, "fb1") as tablet,
        device(running, "fb0") as anywhere,
        device(running, "k1") as kiosk,
        device(running, "c1") as one,
        device(running, "c2") as two,
    ):
        await serve_one(kiosk, two)  # at counter 2: not this tablet's
        mine = await serve_one(kiosk, one)
        # A fresh server's first request started the day; then counter 1's finish, and no
        # queue, call, counter or counter 2 frames.
        assert (await tablet.recv())["type"] == "day"
        finished = await tablet.recv()
        assert (finished["type"], finished["ticket"], finished["counter"]) == (
            "finished",
            mine,
            "1",
        )
        clock.now += timedelta(days=1)
        await kiosk.ok("take_ticket", service="social")  # the first request rolls the day
        day = await tablet.recv()
        assert (day["type"], day["day"]) == ("day", "2026-11-26")
        # A tablet of no counter hears the two days and nothing between them.
        assert [(await anywhere.recv())["day"] for _ in range(2)] == ["2026-11-25", "2026-11-26"]


async def test_rate_counts_for_the_visit_just_finished_then_anonymously(running: Running) -> None:
    async with (
        device(running, "fb1") as tablet,
        device(running, "fb0") as anywhere,
        device(running, "k1") as kiosk,
        device(running, "c1") as one,
    ):
        number = await serve_one(kiosk, one)
        reply = await tablet.ok("rate", score=2, reason="waited_too_long")
        assert reply["rated"] == number
        # Its visitor has answered: the next rating is someone else's, so anonymous.
        assert (await tablet.ok("rate", score=5))["rated"] is None
        assert (await anywhere.ok("rate", score=4, reason=None))["rated"] is None
        # The same request id again is the same answer, not another rating.
        first = await tablet.ok("rate", rid="same", score=3)
        assert await tablet.request("rate", rid="same", score=3) == first
    ratings = running.server.owner.centre.state.ratings
    assert (ratings[number].score, ratings[number].reason, ratings[number].count) == (
        2, "waited_too_long", 1,
    )  # fmt: skip


async def test_bad_ratings_and_other_roles_are_refused_and_change_nothing(
    running: Running,
) -> None:
    async with device(running, "fb1") as tablet, device(running, "k1") as kiosk:
        refused = await tablet.request("rate", score=3, reason="rude")
        assert (refused["code"], refused["message"]) == (
            "unknown_reason", "That reason is not one this centre asks about.",
        )  # fmt: skip
        seq = running.server.owner.seq  # (that request started the day)
        for score in (0, 6, "5", 2.5):
            refused = await tablet.request("rate", score=score)
            assert refused["code"] == "invalid_field", refused
        long_reason = await tablet.request("rate", score=3, reason="x" * 5000)
        assert long_reason["code"] == "invalid_field"
        assert len(long_reason["message"]) < 200
        forbidden = await kiosk.request("rate", score=3)
        assert (forbidden["code"], forbidden["message"]) == (
            "forbidden", "A kiosk may not send rate.",
        )  # fmt: skip
        assert await tablet.request("take_ticket", service="social") == {
            "type": "error",
            "code": "forbidden",
            "message": "A feedback tablet may not send take_ticket.",
            "re": ANY,
        }
        assert running.server.owner.seq == seq


async def _hello_reply(running: Running, **hello: str | None) -> dict[str, Any]:
    async with connect(running.url) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol": 1, **hello}))
        reply: dict[str, Any] = json.loads(await ws.recv())
        return reply


async def test_refusals_call_the_tablet_a_feedback_tablet(running: Running) -> None:
    no_token = await _hello_reply(running, role="feedback", token=None)
    assert (no_token["code"], no_token["message"]) == (
        "unauthorized", "A feedback tablet needs a device token to connect.",
    )  # fmt: skip
    kiosk_token = await _hello_reply(running, role="feedback", token=running.tokens["k1"])
    assert (kiosk_token["code"], kiosk_token["message"]) == (
        "forbidden", "This token belongs to a kiosk, not a feedback tablet.",
    )  # fmt: skip
    tablet_token = await _hello_reply(running, role="kiosk", token=running.tokens["fb0"])
    assert tablet_token["message"] == "This token belongs to a feedback tablet, not a kiosk."


async def test_a_rating_survives_a_restart(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with (
        start_server(config, db_path, clock) as first,
        device(first, "fb1") as tablet,
        device(first, "k1") as kiosk,
        device(first, "c1") as one,
    ):
        number = await serve_one(kiosk, one)
        await tablet.ok("rate", score=1, reason="not_helped")
    async with start_server(config, db_path, clock) as again:
        rating = again.server.owner.centre.state.ratings[number]
        assert (rating.score, rating.reason) == (1, "not_helped")


async def test_a_tablet_drummed_on_is_slowed_down(running: Running) -> None:
    async with device(running, "fb0") as tablet:
        for _ in range(3):  # a few answers at once are taken (TABLET_BURST)
            await tablet.ok("rate", score=5)
        seq = running.server.owner.seq
        refused = await tablet.request("rate", score=5)
        assert (refused["code"], refused["message"]) == (
            "rate_limited", "Too many ratings from this tablet: wait a moment.",
        )  # fmt: skip
        assert running.server.owner.seq == seq


def test_a_tablet_that_leaves_is_no_longer_fed_its_counters_visits() -> None:
    hub = Hub(lambda _ws: True)
    tablet = cast(ServerConnection, object())
    hub.add("feedback", tablet, "1")
    assert hub.tablets == {"1": {tablet}} and hub.count() == 1
    hub.discard("feedback", tablet, "1")
    assert hub.tablets == {} and hub.count() == 0
