"""Shared by the exit tablet's tests: the test centre with two tablets, the app against a
real server, and a visit finished at a counter over the wire."""

from __future__ import annotations

import time
from collections.abc import Callable

import msgspec

from feedback.app import FeedbackApp
from server.core.events import VisitRated
from tests.conftest import centre_toml
from tests.server.harness import Running, device

# "f1" rates the visits of counter 1; "f2" stands at the exit, for no counter.
TABLETS_TOML = (
    centre_toml()
    + """
[[devices]]
id = "f1"
role = "feedback"
counter = "1"

[[devices]]
id = "f2"
role = "feedback"
"""
)


def make_tablet(
    running: Running,
    device_name: str = "f1",
    *,
    token: str | None = None,
    thanks_s: float = 30.0,
    reason_wait_s: float = 30.0,
    monotonic: Callable[[], float] = time.monotonic,
) -> FeedbackApp:
    """A tablet whose thank-you and reasons wait long enough not to move on by themselves
    during a test, unless the test asks for it."""
    return FeedbackApp(
        running.url,
        token if token is not None else running.tokens[device_name],
        thanks_s=thanks_s,
        reason_wait_s=reason_wait_s,
        monotonic=monotonic,
        backoff_initial=0.05,
        backoff_max=0.2,
    )


async def finish_visit(running: Running, counter: str = "c1") -> str:
    """A visitor takes a ticket, is called at the counter and served: its number."""
    async with device(running, "k1") as kiosk, device(running, counter) as desk:
        await kiosk.ok("take_ticket", service="social")
        called = await desk.ok("call_next")
        number: str = called["ticket"]["number"]
        await desk.ok("finish", ticket=number)
    return number


async def ratings(running: Running) -> list[VisitRated]:
    """Every rating in the server's log, oldest first."""
    rows = await running.server.store.fetch_rows(
        "SELECT data FROM events WHERE type = 'rated' ORDER BY seq"
    )
    return [msgspec.json.decode(bytes(data), type=VisitRated) for (data,) in rows]
