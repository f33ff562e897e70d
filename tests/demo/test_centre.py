"""The demo centre: the real Ogre configuration, but open whenever a newcomer tries it, and
with the newcomer's counter serving whatever they take a ticket for."""

from __future__ import annotations

from datetime import UTC, datetime, time

import msgspec
import pytest

from server.config import BookingHours, Span, load_default, loads
from server.core.hours import availability
from server.demo.centre import CLERK_PIN, CLERKS, HUMAN_COUNTER, demo_config_text, prepare
from server.store.clerks import verify_clerk
from server.store.events import EventStore
from server.store.tokens import find_token
from tests.conftest import Clock
from tests.demo.demo_server import demo_server
from tests.server.harness import device

# A Sunday night, a public holiday (18 November) and the minutes before midnight: the real
# centre is closed at each of them.
CLOSED_FOR_REAL = [
    datetime(2026, 11, 29, 2, 0, tzinfo=UTC),
    datetime(2026, 11, 18, 10, 0, tzinfo=UTC),
    datetime(2026, 11, 25, 21, 55, tzinfo=UTC),
]


@pytest.mark.parametrize("now", CLOSED_FOR_REAL)
def test_every_service_issues_at_any_hour(now):
    real, demo = load_default(), loads(demo_config_text(8750))
    assert not any(availability(real, s, now).issuing for s in real.services.values())
    assert all(availability(demo, s, now).issuing for s in demo.services.values())


def test_everything_else_is_the_real_centre():
    real, demo = load_default(), loads(demo_config_text(8799))
    assert demo.services.keys() == real.services.keys()
    for sid, service in real.services.items():
        booking = service.booking
        if booking is not None:
            # Booking follows the demo's hours (around the clock), like everything else.
            booking = msgspec.structs.replace(booking, hours=BookingHours())
        assert demo.services[sid] == msgspec.structs.replace(service, booking=booking)
    assert demo.booking_hours["migration"][0] == (Span(time(0), None),)
    others = {c: counter for c, counter in real.counters.items() if c != HUMAN_COUNTER}
    assert {c: counter for c, counter in demo.counters.items() if c != HUMAN_COUNTER} == others
    assert set(real.counters) == set(demo.counters)
    assert demo.priorities == real.priorities
    assert demo.spec.centre.public_url == "http://127.0.0.1:8799"  # the QR code's link works
    assert {"kiosk-sim", "manager-1", "window-1"} == set(demo.devices) - set(real.devices)
    assert demo.devices["window-1"].counter == HUMAN_COUNTER  # the window display above it


async def test_prepare_gives_fresh_tokens_and_keeps_the_day(tmp_path):
    first = await prepare(tmp_path, 8750)
    second = await prepare(tmp_path, 8751)
    store = await EventStore.open(second.db)
    try:
        for device, token in second.tokens.items():
            assert await find_token(store, token) is not None, device
            # The earlier run's tokens are revoked: only one demo at a time drives a device.
            assert await find_token(store, first.tokens[device]) is None, device
        for clerk in CLERKS:
            assert await verify_clerk(store, clerk, CLERK_PIN) is not None
    finally:
        await store.close()
    assert "8751" in second.config.read_text(encoding="utf-8")


@pytest.mark.parametrize("service", list(load_default().services))
async def test_any_service_taken_on_the_kiosk_is_called_by_f2_at_counter_1(
    tmp_path, clock: Clock, service: str
):
    # The walkthrough: a newcomer taps one service on the kiosk, signs in at counter 1 as the
    # pane's title says and presses F2 (call_next): whichever service it was, it is called.
    async with (
        demo_server(tmp_path, clock) as (_, running),
        device(running, "kiosk-1") as kiosk,
        device(running, "c1") as counter,
    ):
        await counter.ok("sign_in", clerk="demo", pin=CLERK_PIN)
        taken = await kiosk.ok("take_ticket", service=service)
        called = await counter.ok("call_next")
    assert called["ticket"]["number"] == taken["ticket"]["number"]
    assert called["ticket"]["service"] == service
