"""Every endpoint of the booking API, over real HTTP to the real server."""

from __future__ import annotations

from typing import Any

from server.store.personal import personal_of
from tests.api.conftest import Api
from tests.server.harness import Running, device


async def test_services_lists_each_with_its_names_and_whether_it_takes_bookings(api: Api) -> None:
    got = await api.call("GET", "/api/v1/services")
    assert got.status == 200 and got.headers["content-type"] == "application/json"
    services = {s["id"]: s for s in got.json["services"]}
    assert services["social"]["bookable"] is True and services["social"]["slot_min"] == 30
    assert services["social"]["name"]["lv"] == "Sociālie pakalpojumi"
    assert services["social"]["places"] == 1
    assert services["tax"]["bookable"] is False and services["tax"]["slot_min"] is None


async def test_free_slots_of_one_day_and_of_several(api: Api) -> None:
    # The test clock is 2026-11-25 09:00 UTC (11:00 in Riga); the centre is open all day.
    today = await api.call("GET", "/api/v1/services/social/slots")
    assert today.status == 200 and today.json["service"] == "social"
    starts = [s["start"] for s in today.json["slots"]]
    assert starts[0] == "2026-11-25T09:30:00Z"  # the next slot that has not begun
    assert starts[-1] == "2026-11-25T21:30:00Z"  # 23:30 in Riga, the day's last
    assert all(s["free"] == 1 for s in today.json["slots"])
    week = await api.call("GET", "/api/v1/services/social/slots?day=2026-11-26&days=3")
    days = {s["start"][:10] for s in week.json["slots"]}
    assert len(week.json["slots"]) == 3 * 48
    assert days == {"2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"}  # local days, UTC


async def test_a_booking_is_made_looked_up_moved_and_cancelled(api: Api, running: Running) -> None:
    start = await api.first_slot()
    made = await api.book(start, name="Jānis Bērziņš", contact="+371 20000000")
    assert made.status == 201, made
    booking = made.json["booking"]
    code = booking["code"]
    assert made.headers["location"] == f"/api/v1/bookings/{code}"
    assert booking["start"] == start and booking["end"] == "2026-11-25T10:00:00Z"
    assert booking["state"] == "booked" and booking["link"].startswith("http://rinda.test/a/")
    assert "Jānis" not in made.text and "371" not in made.text
    # The name and contact are stored apart, for staff.
    b = running.server.owner.centre.appointments.index.by_code[code]
    assert await personal_of(running.server.store, [b.id]) == {
        b.id: ("Jānis Bērziņš", "+371 20000000")
    }

    # Looked up by code as a visitor may type it, with no personal data in the answer.
    seen = await api.call("GET", f"/api/v1/bookings/{code.lower()[:3]}-{code.lower()[3:]}")
    assert seen.status == 200 and seen.json == made.json
    assert "name" not in seen.json["booking"] and "contact" not in seen.json["booking"]

    later = "2026-11-26T08:00:00Z"
    moved = await api.call("PATCH", f"/api/v1/bookings/{code}", {"start": later})
    assert moved.status == 200 and moved.json["booking"]["start"] == later
    slots = await api.call("GET", "/api/v1/services/social/slots?day=2026-11-26")
    assert later not in [s["start"] for s in slots.json["slots"]]
    assert start in [
        s["start"] for s in (await api.call("GET", "/api/v1/services/social/slots")).json["slots"]
    ]

    gone = await api.call("DELETE", f"/api/v1/bookings/{code}")
    assert gone.status == 200 and gone.json["booking"]["state"] == "cancelled"
    slots = await api.call("GET", "/api/v1/services/social/slots?day=2026-11-26")
    assert later in [s["start"] for s in slots.json["slots"]]
    assert (await api.call("GET", f"/api/v1/bookings/{code}")).json["booking"][
        "state"
    ] == "cancelled"


async def test_an_idempotency_key_sent_twice_books_once(api: Api, running: Running) -> None:
    start = await api.first_slot()
    key = {"Idempotency-Key": "order-17"}
    body: dict[str, Any] = {"service": "social", "start": start}
    first = await api.call("POST", "/api/v1/bookings", body, headers=key)
    again = await api.call("POST", "/api/v1/bookings", body, headers=key)
    assert first.status == again.status == 201
    assert again.json == first.json
    assert len(running.server.owner.centre.state.bookings) == 1
    # Without the key the same request is a new one: the slot is full now.
    assert (await api.call("POST", "/api/v1/bookings", body)).error == "slot_full"


async def test_head_of_a_listing_has_its_headers_and_no_body(api: Api) -> None:
    got = await api.call("HEAD", "/api/v1/services")
    assert got.status == 200 and got.text == "" and int(got.headers["content-length"]) > 0


async def test_a_booking_made_over_http_reaches_the_counters(api: Api, running: Running) -> None:
    async with device(running, "c1") as counter:
        made = await api.book(await api.first_slot())
        event = await counter.event("booking")
        assert event["booking"]["code"] == made.json["booking"]["code"]
