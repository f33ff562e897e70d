"""A manager's actions over the wire: a stop reaches the kiosks (refusal, queue event,
snapshot) and the notice reaches the displays, each naming the manager; other roles are
refused; everything survives a restart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from server.config import CentreConfig
from tests.conftest import Clock
from tests.server.harness import Running, device, start_server

REASON = "Sistēma nedarbojas"


async def test_a_stop_closes_the_service_on_the_kiosks_and_keeps_the_queue(
    running: Running,
) -> None:
    running.use_estimator("naive")  # the expected wait below is the naive one's
    async with (
        device(running, "k1") as kiosk,
        device(running, "c2") as counter,
        device(running, "m1") as manager,
    ):
        await kiosk.ok("take_ticket", service="social")
        await kiosk.event("queue")
        await manager.ok("stop_issuing", service="social", reason=REASON)
        issuing = await manager.event("issuing")
        assert (issuing["service"], issuing["stopped"], issuing["reason"], issuing["by"]) == (
            "social", True, REASON, "m1",
        )  # fmt: skip
        queue = await kiosk.event("queue")
        assert queue["services"]["social"] | {"waiting_since": None} == {
            "waiting": 1,
            "estimated_wait_s": 300,  # one ahead, 10 min each, two counters
            "waiting_since": None,
            "issuing": False,
            "reason": "suspended",
            "opens_at": None,
            "reason_text": REASON,
        }
        assert "reason_text" not in queue["services"]["tax"]
        refused = await kiosk.request("take_ticket", service="social")
        assert refused["code"] == "service_closed"
        assert REASON in refused["message"]
        assert (await kiosk.ok("take_ticket", service="tax"))["ticket"]["number"] == "B001"
        # The visitor already waiting is still called.
        assert (await counter.ok("call_next"))["ticket"]["number"] == "A001"
        async with device(running, "k2") as late:
            (social,) = [s for s in late.welcome["snapshot"]["services"] if s["id"] == "social"]
            assert (social["issuing"], social["reason"], social["reason_text"]) == (
                False, "suspended", REASON,
            )  # fmt: skip
        await manager.ok("resume_issuing", service="social")
        resumed = await manager.event("issuing")
        assert (resumed["stopped"], resumed["reason"], resumed["by"]) == (False, "", "m1")
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A002"


async def test_the_notice_reaches_every_display_live_and_after_a_reconnect(
    running: Running,
) -> None:
    async with device(running, "d1") as display, device(running, "m1") as manager:
        assert display.welcome["snapshot"]["manager_notice"] == ""
        await manager.ok("set_notice", text="Kase strādā līdz 15:00")
        notice = await display.event("notice")
        assert (notice["text"], notice["by"]) == ("Kase strādā līdz 15:00", "m1")
        async with device(running, "d1") as again:
            assert again.welcome["snapshot"]["manager_notice"] == "Kase strādā līdz 15:00"
        async with device(running, "m1") as other:
            assert other.welcome["snapshot"]["manager_notice"] == "Kase strādā līdz 15:00"
        await manager.ok("set_notice", text="")
        assert (await display.event("notice"))["text"] == ""


async def test_a_manager_signs_out_a_counter_left_signed_in(running: Running) -> None:
    async with (
        device(running, "k1") as kiosk,
        device(running, "c2") as counter,
        device(running, "m1") as manager,
    ):
        await kiosk.ok("take_ticket", service="social")
        await counter.ok("call_next")
        busy = await manager.request("close_counter", counter="2")
        assert busy["code"] == "counter_busy"
        assert "A001" in busy["message"]
        await counter.ok("finish", ticket="A001")
        await manager.ok("close_counter", counter="2")
        closed = await counter.event("counter")
        while closed["status"] != "closed":
            closed = await counter.event("counter")
        assert (closed["counter"], closed["clerk"], closed["by"]) == ("2", None, "m1")
        unknown = await manager.request("close_counter", counter="9")
        assert unknown["code"] == "unknown_counter"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("stop_issuing", {"service": "social", "reason": "x"}),
        ("resume_issuing", {"service": "social"}),
        ("set_notice", {"text": "x"}),
        ("close_counter", {"counter": "1"}),
    ],
)
async def test_only_a_manager_may_act(running: Running, kind: str, fields: dict) -> None:
    for name in ("k1", "c1", "d1"):
        async with device(running, name) as other:
            refused = await other.request(kind, **fields)
            assert refused["code"] == "forbidden", refused


async def test_bad_text_is_refused_and_changes_nothing(running: Running) -> None:
    async with device(running, "m1") as manager, device(running, "k1") as kiosk:
        too_long = await manager.request("stop_issuing", service="social", reason="x" * 101)
        assert too_long["code"] == "invalid_field"
        two_lines = await manager.request("set_notice", text="a\nb")
        assert two_lines["code"] == "invalid_field"
        assert "line break" in two_lines["message"]
        unknown = await manager.request("stop_issuing", service="nope", reason="")
        assert unknown["code"] == "unknown_service"
        await kiosk.ok("take_ticket", service="social")
    async with device(running, "d1") as display:
        assert display.welcome["snapshot"]["manager_notice"] == ""


async def test_stops_and_the_notice_survive_a_restart(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as first, device(first, "m1") as manager:
        await manager.ok("stop_issuing", service="tax", reason=REASON)
        await manager.ok("set_notice", text="Kase līdz 15:00")
    clock.now += timedelta(days=1)  # a new service day: the stop and the notice stay
    async with start_server(config, db_path, clock) as second:
        async with device(second, "k1") as kiosk:
            (tax,) = [s for s in kiosk.welcome["snapshot"]["services"] if s["id"] == "tax"]
            assert (tax["issuing"], tax["reason_text"]) == (False, REASON)
            assert (await kiosk.request("take_ticket", service="tax"))["code"] == "service_closed"
        async with device(second, "d1") as display:
            assert display.welcome["snapshot"]["manager_notice"] == "Kase līdz 15:00"
