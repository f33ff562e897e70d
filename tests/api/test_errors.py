"""Every error of the booking API has its status and a JSON body {"error": {code, message}}."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from server.config import CentreConfig, loads
from server.core import commands as c
from server.net.owner import nothing
from tests.api.conftest import Answer, Api, booking_toml
from tests.conftest import Clock
from tests.server.harness import Running, start_server


def refused(got: Answer, status: int, code: str) -> None:
    assert got.status == status, got
    assert got.headers["content-type"] == "application/json"
    assert got.json["error"]["code"] == code and got.json["error"]["message"], got


async def test_requests_without_a_valid_booking_token_are_refused(
    api: Api, running: Running
) -> None:
    refused(await api.call("GET", "/api/v1/services", token=None), 401, "unauthorized")
    missing = await api.call("GET", "/api/v1/services", token=None)
    assert missing.headers["www-authenticate"].startswith("Bearer")
    refused(await api.call("GET", "/api/v1/services", token="not-a-token"), 401, "unauthorized")
    basic = {"Authorization": "Basic d2ViOnNlY3JldA=="}
    refused(
        await api.call("GET", "/api/v1/services", token=None, headers=basic), 401, "unauthorized"
    )
    # A kiosk's or a manager's token is a real token, but not for this.
    for other in ("k1", "m1"):
        got = await api.call("POST", "/api/v1/bookings", {}, token=running.tokens[other])
        refused(got, 403, "forbidden")
    assert running.server.owner.centre.state.bookings == {}


async def test_bad_bodies_and_fields(api: Api) -> None:
    start = await api.first_slot()
    refused(await api.call("POST", "/api/v1/bookings", data=b"{not json"), 400, "bad_frame")
    refused(await api.call("POST", "/api/v1/bookings", {"service": "social"}), 400, "invalid_field")
    no_zone = {"service": "social", "start": "2026-11-25T10:00:00"}
    refused(await api.call("POST", "/api/v1/bookings", no_zone), 400, "invalid_field")
    extra = {"service": "social", "start": start, "admin": True}
    refused(await api.call("POST", "/api/v1/bookings", extra), 400, "invalid_field")
    long_name = {"service": "social", "start": start, "name": "x" * 101}
    refused(await api.call("POST", "/api/v1/bookings", long_name), 400, "invalid_field")
    for query in ("days=32", "days=0", "days=x", "day=2026-13-01", "day=tomorrow"):
        got = await api.call("GET", f"/api/v1/services/social/slots?{query}")
        refused(got, 400, "invalid_field")
    key = {"Idempotency-Key": "k" * 65}
    got = await api.call(
        "POST", "/api/v1/bookings", {"service": "social", "start": start}, headers=key
    )
    refused(got, 400, "invalid_field")


async def test_unknown_things_are_404(api: Api) -> None:
    refused(await api.call("GET", "/api/v1/bookings/ABCDEF"), 404, "unknown_booking")
    refused(await api.call("GET", "/api/v1/bookings/nonsense"), 404, "unknown_booking")
    refused(await api.call("DELETE", "/api/v1/bookings/ABCDEF"), 404, "unknown_booking")
    refused(await api.call("GET", "/api/v1/services/nope/slots"), 404, "unknown_service")
    got = await api.call(
        "POST", "/api/v1/bookings", {"service": "nope", "start": await api.first_slot()}
    )
    refused(got, 404, "unknown_service")
    refused(await api.call("GET", "/api/v2/services"), 404, "not_found")


async def test_a_wrong_method_is_405_with_allow(api: Api) -> None:
    got = await api.call("DELETE", "/api/v1/services")
    refused(got, 405, "method_not_allowed")
    assert got.headers["allow"] == "GET, HEAD"
    got = await api.call("GET", "/api/v1/bookings")
    refused(got, 405, "method_not_allowed")
    assert got.headers["allow"] == "POST"
    got = await api.call("PUT", "/api/v1/bookings/ABCDEF", {"start": "2026-11-26T08:00:00Z"})
    refused(got, 405, "method_not_allowed")


async def test_the_rules_of_the_counter_apply(api: Api, running: Running, clock: Clock) -> None:
    start = await api.first_slot()
    made = await api.book(start)
    refused(await api.book(start), 409, "slot_full")
    refused(await api.book("2026-11-25T08:30:00Z"), 422, "slot_in_past")
    refused(await api.book("2026-11-25T10:10:00Z"), 422, "slot_unavailable")  # not a slot start
    refused(await api.book("2027-11-25T10:00:00Z"), 422, "slot_unavailable")  # too far ahead
    tax = {"service": "tax", "start": start}
    refused(await api.call("POST", "/api/v1/bookings", tax), 422, "not_bookable")
    refused(await api.call("GET", "/api/v1/services/tax/slots"), 422, "not_bookable")
    code = made.json["booking"]["code"]
    assert (await api.call("DELETE", f"/api/v1/bookings/{code}")).status == 200
    refused(await api.call("DELETE", f"/api/v1/bookings/{code}"), 409, "booking_closed")
    move = {"start": "2026-11-26T08:00:00Z"}
    refused(await api.call("PATCH", f"/api/v1/bookings/{code}", move), 409, "booking_closed")

    # A booking missed past its grace is lapsed: it can no longer move.
    other = await api.book("2026-11-25T10:00:00Z")
    clock.now = clock.now.replace(hour=11)
    await running.server.owner.submit(c.MarkMissed(), "server", None, nothing)
    code = other.json["booking"]["code"]
    got = await api.call("PATCH", f"/api/v1/bookings/{code}", {"start": "2026-11-26T08:00:00Z"})
    refused(got, 409, "booking_closed")
    assert (await api.call("GET", f"/api/v1/bookings/{code}")).json["booking"]["state"] == "lapsed"


async def test_a_body_without_length_or_too_long(api: Api) -> None:
    start = await api.first_slot()
    big = {"service": "social", "start": start, "pad": "x" * 20_000}
    refused(await api.call("POST", "/api/v1/bookings", big), 413, "too_large")

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"service": "social", '
        yield f'"start": "{start}"}}'.encode()

    # aiohttp sends a streamed body chunked, without Content-Length.
    async with api.session.post(
        f"{api.base}/api/v1/bookings",
        data=chunks(),
        headers={"Authorization": f"Bearer {api.token}"},
    ) as r:
        assert r.status == 411
        assert (await r.json())["error"]["code"] == "length_required"


@pytest.fixture
def strict_config() -> CentreConfig:
    return loads(booking_toml("request_burst = 3\nrequests_per_second = 0.01"))


async def test_a_device_past_its_request_rate_is_told_to_wait(
    strict_config: CentreConfig, db_path: object, clock: Clock
) -> None:
    async with (
        start_server(strict_config, db_path, clock) as running,  # type: ignore[arg-type]
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session,
    ):
        api = Api(session, running.port, running.tokens["web"])
        answers = [await api.call("GET", "/api/v1/services") for _ in range(4)]
        assert [a.status for a in answers] == [200, 200, 200, 429]
        refused(answers[-1], 429, "rate_limited")
        assert answers[-1].headers["retry-after"] == "1"
