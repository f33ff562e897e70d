"""Taking, calling and finishing tickets as kiosks, counters and displays see it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, peer, start_server

ANON_DISPLAY = {"type": "hello", "protocol": 1, "role": "display"}


async def test_take_ticket_reply(running: Running, clock: Clock) -> None:
    running.use_estimator("naive")  # a wait above none for the second ticket
    async with device(running, "k1") as kiosk:
        first = (await kiosk.ok("take_ticket", service="social", lang="ru"))["ticket"]
        # The queue round after it: what the kiosk now shows for the next walk-in.
        shown = (await kiosk.event("queue"))["services"]["social"]["estimated_wait_s"]
        second = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        other = (await kiosk.ok("take_ticket", service="tax"))["ticket"]
    assert (first["number"], second["number"], other["number"]) == ("A001", "A002", "B001")
    assert first["service"] == "social"
    assert datetime.fromisoformat(first["issued_at"]) == clock.now
    assert (first["position"], first["ahead"]) == (1, 0)
    assert (second["position"], second["ahead"]) == (2, 1)
    # The ticket tells what the kiosk showed a moment before: one estimate, not its own.
    assert first["estimated_wait_s"] == 0
    assert second["estimated_wait_s"] == shown > 0
    assert first["status_url"].startswith("http://rinda.test/t/")
    assert first["status_url"] != second["status_url"]
    assert "A001" not in first["status_url"]


async def test_call_reaches_displays_after_commit(running: Running) -> None:
    async with (
        device(running, "k1") as kiosk,
        peer(running.url, ANON_DISPLAY) as display,
        device(running, "c2") as counter,
        device(running, "m1") as manager,
    ):
        await kiosk.ok("take_ticket", service="social")
        queued = await display.event("queue")
        assert queued["services"]["social"]["waiting"] == 1
        called = await counter.ok("call_next")
        assert called["ticket"]["number"] == "A001"
        event = await display.event("called")
        assert (event["ticket"], event["counter"], event["recall"]) == ("A001", "2", False)
        assert (await display.event("queue"))["services"]["social"]["waiting"] == 0
        await counter.ok("recall", ticket="A001")
        assert (await display.event("called"))["recall"] is True
        await counter.ok("finish", ticket="A001")
        # Staff screens hear every event; wall displays only what they draw.
        assert (await manager.event("finished"))["ticket"] == "A001"
        assert {e["type"] for e in display.events} <= {"called", "queue", "counter", "day"}


async def test_priority_visitor_goes_first_but_regulars_are_not_starved(
    running: Running, clock: Clock
) -> None:
    async with device(running, "k1") as kiosk, device(running, "c2") as counter:
        await kiosk.ok("take_ticket", service="social")  # A001 at 09:00
        clock.now += timedelta(minutes=4)
        await kiosk.ok("take_ticket", service="social", priority="disability")  # A002
        clock.now += timedelta(minutes=1)
        # A001 has waited 5 min (claim 5), A002 1 min x 4 = 4: the regular goes first.
        assert (await counter.ok("call_next"))["ticket"]["number"] == "A001"
        await counter.ok("finish", ticket="A001")
        await kiosk.ok("take_ticket", service="social")  # A003, 09:05
        clock.now += timedelta(minutes=1)
        assert (await counter.ok("call_next"))["ticket"]["number"] == "A002"


async def test_same_request_id_acts_once_even_after_reconnect(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        a = await kiosk.request("take_ticket", rid="tap-1", service="social")
        b = await kiosk.request("take_ticket", rid="tap-1", service="social")
    async with device(running, "k1") as kiosk:
        c = await kiosk.request("take_ticket", rid="tap-1", service="social")
        assert kiosk.welcome["snapshot"]["services"][0]["waiting"] == 1
    assert a == b == c
    assert a["ticket"]["number"] == "A001"


async def test_request_ids_are_per_device(running: Running) -> None:
    async with device(running, "k1") as k1, device(running, "k2") as k2:
        a = await k1.ok("take_ticket", rid="same", service="social")
        b = await k2.ok("take_ticket", rid="same", service="social")
    assert a["ticket"]["number"] != b["ticket"]["number"]


async def test_an_empty_request_id_is_refused_without_re(running: Running) -> None:
    """An id that cannot be matched to a request is refused, as documented, and acts not."""
    async with device(running, "k1") as kiosk:
        await kiosk.send({"type": "take_ticket", "id": "", "service": "social"})
        reply = await kiosk.event("error")  # (a `day` or `queue` event may come first)
        assert reply["code"] == "invalid_field"
        assert "re" not in reply
        assert "id" in reply["message"]
    assert running.server.owner.centre.state.tickets == {}


async def test_domain_errors_name_the_problem_and_change_nothing(running: Running) -> None:
    async with device(running, "k1") as kiosk, device(running, "c1") as counter:
        assert (await kiosk.request("take_ticket", service="nope"))["code"] == "unknown_service"
        assert (await kiosk.request("take_ticket", service="social", priority="vip"))[
            "code"
        ] == "unknown_priority"
        assert (await counter.request("finish", ticket="A001"))["code"] == "unknown_ticket"
        await kiosk.ok("take_ticket", service="social")
        assert (await counter.request("finish", ticket="A001"))["code"] == "not_your_ticket"
        await counter.ok("call_next")
        await counter.ok("finish", ticket="A001")
        stale = await counter.request("finish", ticket="A001")
        assert stale["code"] == "not_your_ticket"
        assert stale["message"]
        bad = await counter.request("transfer", ticket="A001", service="nope")
        assert bad["code"] in ("not_your_ticket", "unknown_service")
    async with device(running, "m1") as manager:
        tickets = manager.welcome["snapshot"]["tickets"]
        assert [(t["number"], t["status"]) for t in tickets] == [("A001", "done")]


async def test_closed_service_refuses_tickets_with_the_next_opening(
    db_path: Path, clock: Clock
) -> None:
    config = loads(centre_toml(hours='["08:30-17:00"]'))
    # 16:50 in Riga (14:50 UTC) is within the default 15 minutes before closing.
    clock.now = datetime.fromisoformat("2026-11-25T14:50:00+00:00")
    async with start_server(config, db_path, clock) as running, device(running, "k1") as kiosk:
        reply = await kiosk.request("take_ticket", service="social")
        social = kiosk.welcome["snapshot"]["services"][0]
    assert reply["code"] == "service_closed"
    assert "It opens Thu 26.11 08:30" in reply["message"]
    assert (social["issuing"], social["reason"]) == (False, "stopped_issuing")
    assert social["opens_at"] == "2026-11-26T08:30:00+02:00"


async def test_numbers_restart_on_the_next_local_day(running: Running, clock: Clock) -> None:
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
        await kiosk.ok("take_ticket", service="social")
        # 00:05 in Riga is still 22:05 UTC the day before.
        clock.now = datetime.fromisoformat("2026-11-25T22:05:00+00:00")
        reply = await kiosk.ok("take_ticket", service="social")
    assert reply["ticket"]["number"] == "A001"


async def test_kiosk_flood_is_rate_limited(running: Running) -> None:
    burst = running.server.config.limits.kiosk_burst
    async with device(running, "k2") as kiosk:
        replies = [await kiosk.request("take_ticket", service="tax") for _ in range(burst + 3)]
    codes = [r["type"] if r["type"] == "ok" else r["code"] for r in replies]
    assert codes == ["ok"] * burst + ["rate_limited"] * 3
    async with device(running, "m1") as manager:
        assert len(manager.welcome["snapshot"]["tickets"]) == burst


async def test_each_event_is_one_log_line_without_the_status_secret(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rinda.owner")
    async with device(running, "k1") as kiosk:
        ticket = (await kiosk.ok("take_ticket", service="social"))["ticket"]
    lines = [r.getMessage() for r in caplog.records if r.name == "rinda.owner"]
    taken = [line for line in lines if line.startswith("taken ")]
    assert taken == [
        "taken ticket=A001 service=social priority=None lang=lv device=k1 told_wait_s=0"
    ]
    assert ticket["status_url"].rsplit("/", 1)[1] not in caplog.text
