"""Appointments over the wire, as the counter's booking screen and the kiosk use them: book a
free slot, check in with the code, be called at the booked time ahead of a walk-in who came
earlier; a late visitor's booking lapses and frees its place; names stay with staff."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from server.core import commands as c
from server.net.owner import nothing
from tests.conftest import Clock, bookable_toml
from tests.server.harness import Running, device, start_server

BOOKABLE = bookable_toml()
NAME = "Anna Bērziņa-Test"


@pytest.fixture
def config() -> CentreConfig:
    return loads(BOOKABLE)


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(config, db_path, clock) as r:
        yield r


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_booked_visitor_is_called_at_their_time_ahead_of_an_earlier_walk_in(
    running: Running, clock: Clock
) -> None:
    async with (
        device(running, "m1") as desk,
        device(running, "k1") as kiosk,
        device(running, "c2") as counter,
    ):
        free = await desk.ok("free_slots", service="social")
        slot = free["slots"][0]
        assert slot["free"] == 1 and at(slot["start"]) > clock.now
        booked = await desk.ok("book", service="social", start=slot["start"], name=NAME)
        code = booked["booking"]["code"]
        assert booked["booking"]["name"] == ""  # stored replies carry no personal data
        # The place is gone for everyone else.
        again = await desk.request("book", service="social", start=slot["start"])
        assert again["code"] == "slot_full"
        walk_in = await kiosk.ok("take_ticket", service="social")
        # The booked visitor comes 5 minutes early and checks in (lower case, with a dash).
        clock.now = at(slot["start"]) - timedelta(minutes=5)
        typed = f"{code[:3].lower()}-{code[3:].lower()}"
        mine = (await kiosk.ok("check_in", code=typed))["ticket"]
        assert mine["booked_for"] == slot["start"]
        assert mine["estimated_wait_s"] >= 300
        assert "booked_for" not in walk_in["ticket"]
        # Early: the walk-in, who is waiting, goes first.
        first = await counter.ok("call_next")
        assert first["ticket"]["number"] == walk_in["ticket"]["number"]
        assert "appointment" not in await counter.event("called")
        await counter.ok("finish", ticket=first["ticket"]["number"])
        second_walk_in = await kiosk.ok("take_ticket", service="social")
        # The appointment waiting is booked for later than now: not ahead of this walk-in.
        assert second_walk_in["ticket"]["ahead"] == 0
        # At the booked time the appointment is called ahead of the walk-in who came earlier.
        clock.now = at(slot["start"]) + timedelta(seconds=30)
        called = await counter.ok("call_next")
        assert called["ticket"]["number"] == mine["number"]
        assert called["ticket"]["booked_for"] == slot["start"]
        event = await counter.event("called")
        assert event["appointment"] is True
        listed = await desk.ok("bookings")
        (row,) = listed["bookings"]
        assert (row["code"], row["state"], row["name"]) == (code, "called", NAME)
        assert row["ticket"] == mine["number"]
        assert second_walk_in["ticket"]["number"] != mine["number"]


async def test_a_late_visitor_lapses_and_the_place_is_freed(running: Running, clock: Clock) -> None:
    async with device(running, "m1") as desk, device(running, "k1") as kiosk:
        slot = (await desk.ok("free_slots", service="social"))["slots"][0]
        code = (await desk.ok("book", service="social", start=slot["start"]))["booking"]["code"]
        clock.now = at(slot["start"]) + timedelta(minutes=11)
        refused = await kiosk.request("check_in", code=code)
        assert refused["code"] == "booking_lapsed"
        assert "walk-in" in refused["message"]
        # The server's tick marks it missed; staff see "lapsed".
        await running.server.owner.submit(c.MarkMissed(), "server", None, nothing)
        made = await desk.event("booking")  # the booking's own, when it was made
        assert (made["booking"]["code"], made["booking"]["state"]) == (code, "booked")
        changed = await desk.event("booking")
        assert (changed["booking"]["code"], changed["booking"]["state"]) == (code, "lapsed")
        assert changed["booking"]["name"] == ""
        day = clock.now.date().isoformat()
        free = await desk.ok("free_slots", service="social", day=day, days=2)
        assert all(s["start"] != slot["start"] for s in free["slots"])  # it has begun
        listed = await desk.ok("bookings")
        assert [b["state"] for b in listed["bookings"]] == ["lapsed"]


async def test_bookings_refuse_the_past_a_full_slot_and_bad_codes(
    running: Running, clock: Clock
) -> None:
    async with device(running, "m1") as desk, device(running, "k1") as kiosk:
        past = (clock.now - timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        refused = await desk.request("book", service="social", start=past.isoformat())
        assert refused["code"] == "slot_in_past"
        odd = clock.now.replace(minute=7, second=0, microsecond=0) + timedelta(days=1)
        refused = await desk.request("book", service="social", start=odd.isoformat())
        assert refused["code"] == "slot_unavailable"
        refused = await desk.request("free_slots", service="tax")
        assert refused["code"] == "not_bookable"
        for code in ("ABC", "0OOO1I", "ZZZZZZ"):
            refused = await kiosk.request("check_in", code=code)
            assert refused["code"] == "unknown_booking", code
        refused = await kiosk.request("book", service="social", start=odd.isoformat())
        assert refused["code"] == "forbidden"
        naive = await desk.request("book", service="social", start="2026-11-26T09:00:00")
        assert naive["code"] == "invalid_field"
        no_such_day = await desk.request("free_slots", service="social", day="2026-02-30")
        assert no_such_day["code"] == "invalid_field" and "day" in no_such_day["message"]
        tomorrow = (await desk.ok("free_slots", service="social", day="2026-11-26"))["slots"]
        code = (await desk.ok("book", service="social", start=tomorrow[0]["start"]))["booking"][
            "code"
        ]
        refused = await kiosk.request("check_in", code=code)
        assert refused["code"] == "booking_not_today"
        moved = await desk.ok("move_booking", code=code, start=tomorrow[1]["start"])
        assert moved["booking"]["start"] == tomorrow[1]["start"]
        cancelled = await desk.ok("cancel_booking", code=code)
        assert cancelled["booking"]["state"] == "cancelled"
        refused = await desk.request("cancel_booking", code=code)
        assert refused["code"] == "booking_closed"
