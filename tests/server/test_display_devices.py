"""Zone and window displays on the wire: a display device's welcome says its zone or counter,
calls name their service, a counter's pause may say when the clerk is back (`back_at` in the
`counter` event and in every snapshot), and a display hears a visit end."""

from __future__ import annotations

import json
from pathlib import Path

from websockets.asyncio.client import connect

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, peer, start_server

DISPLAYS = """
[[devices]]
id = "zone-b"
role = "display"
services = ["tax"]

[[devices]]
id = "window-1"
role = "display"
counter = "1"
"""


async def test_a_display_device_is_told_its_zone_or_its_counter(
    db_path: Path, clock: Clock
) -> None:
    async with (
        start_server(loads(centre_toml() + DISPLAYS), db_path, clock) as running,
        device(running, "zone-b") as zone,
        device(running, "window-1") as window,
        device(running, "d1") as hall,
    ):
        assert zone.welcome["snapshot"]["display"] == {
            "notice": None, "history": 6, "services": ["tax"],
        }  # fmt: skip
        assert window.welcome["snapshot"]["display"] == {
            "notice": None, "history": 6, "counter": "1",
        }  # fmt: skip
        assert hall.welcome["snapshot"]["display"] == {"notice": None, "history": 6}


async def test_a_pause_for_some_minutes_says_when_the_clerk_is_back(running: Running) -> None:
    async with device(running, "c1") as counter, device(running, "d1") as display:
        await counter.ok("call_next")  # opens the counter (no clerks are registered)
        assert (await display.event("counter"))["status"] == "open"
        await counter.ok("pause", reason="break", minutes=15)
        paused = await display.event("counter")
        assert (paused["status"], paused["at"], paused["back_at"]) == (
            "paused", "2026-11-25T09:00:00Z", "2026-11-25T09:15:00Z",
        )  # fmt: skip
        async with device(running, "d1") as late, device(running, "c1") as again:
            (one,) = [c for c in late.welcome["snapshot"]["counters"] if c["id"] == "1"]
            assert one["back_at"] == "2026-11-25T09:15:00Z"
            assert again.welcome["snapshot"]["counter"]["back_at"] == "2026-11-25T09:15:00Z"
        await counter.ok("resume")
        assert "back_at" not in await display.event("counter")
        # Not sure how long: no "back at".
        await counter.ok("pause", reason="other")
        assert "back_at" not in await display.event("counter")


async def test_a_pause_of_no_minutes_or_of_days_is_refused_and_changes_nothing(
    running: Running,
) -> None:
    async with device(running, "c1") as counter:
        await counter.ok("call_next")
        for minutes in (0, 721, "ten"):
            refused = await counter.request("pause", reason="break", minutes=minutes)
            assert refused["type"] == "error", refused
        assert running.server.owner.centre.state.counters["1"].status == "open"


async def test_a_window_display_hears_the_visits_at_its_counter_end(running: Running) -> None:
    window = {"type": "hello", "protocol": 1, "role": "display", "counter": "3"}
    other = window | {"counter": "1"}
    async with (
        device(running, "k1") as kiosk,
        device(running, "c3") as counter,
        device(running, "d1") as hall,
        peer(running.url, window) as over_3,
        peer(running.url, other) as over_1,
    ):
        assert over_3.welcome["snapshot"]["display"]["counter"] == "3"
        await kiosk.ok("take_ticket", service="tax")
        await counter.ok("call_next")
        called = await hall.event("called")
        assert (called["ticket"], called["service"]) == ("B001", "tax")
        async with device(running, "d1") as late:
            (call,) = late.welcome["snapshot"]["calls"]
            assert (call["ticket"], call["service"]) == ("B001", "tax")
        await counter.ok("finish", ticket="B001")
        finished = await over_3.event("finished")
        assert (finished["ticket"], finished["counter"]) == ("B001", "3")
        # Then a notice: every display hears it after the finish, if that came to them at all.
        async with device(running, "m1") as manager:
            await manager.ok("set_notice", text="x")
        for display in (hall, over_1):
            await display.event("notice")
            assert "finished" not in {e["type"] for e in display.events}


async def test_a_window_display_of_no_such_counter_is_refused(running: Running) -> None:
    async with connect(running.url) as ws:
        hello = {"type": "hello", "protocol": 1, "role": "display", "counter": "9"}
        await ws.send(json.dumps(hello))
        refused = json.loads(await ws.recv())
    assert (refused["type"], refused["code"]) == ("error", "forbidden")
    assert "no counter 9" in refused["message"]
