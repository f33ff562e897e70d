"""What the counter's bookings tests share: a centre whose "tax" service takes bookings
(20-minute slots, one place each; counters 1 and 3 serve it), bookings made with a known code
the way every way in makes them (through the owner, names kept apart), and opening the view.

The clock of tests/conftest.py starts at 09:00 UTC, 11:00 in Riga: the first free slot of the
day is 11:20 local (09:20 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot

from counter.app import CounterApp
from server.config import CentreConfig, loads
from server.core import commands as c
from server.net.owner import nothing
from tests.conftest import centre_toml
from tests.counter.harness import sign_in
from tests.server.harness import Running
from tests.ui import until

# Appended, it belongs to the last [[services]] table: "tax".
BOOKING = "\n[services.booking]\nslot_min = 20\n"
FIRST_SLOT = datetime(2026, 11, 25, 9, 20, tzinfo=UTC)  # 11:20 in Riga


def booking_config() -> CentreConfig:
    return loads(centre_toml() + BOOKING)


async def booked(
    running: Running, code: str, start: datetime, name: str = "", contact: str = ""
) -> None:
    """A booking of "tax" with this code (as the HTTP API or the command line would make it,
    by another device: its `booking` frame reaches the counters)."""
    cmd = c.Book(
        service="tax", start=start, booking=f"id-{code}", code=code, secret=f"s-{code}", by="web"
    )
    day = start.astimezone(running.server.config.tz).date().isoformat()
    personal = ((cmd.booking, day, name, contact),) if name or contact else ()
    await running.server.owner.submit(cmd, "web", None, nothing, personal)


async def open_bookings(pilot: Pilot[Any]) -> CounterApp:
    """Sign in and press F11: the bookings view, its list loaded."""
    app = pilot.app
    assert isinstance(app, CounterApp)
    await sign_in(pilot)
    await until(pilot, lambda: app.model.signed_in, what="signed in")
    await pilot.press("f11")
    await until(pilot, lambda: app.model.appointments.listed, what="the bookings list")
    return app
