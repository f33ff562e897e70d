"""Stopping the display while the server keeps pushing calls: nothing is raised or logged.

Link messages and timers that arrive while the app takes its screen down once raised
`NoMatches` and `ScreenStackError` (and were guarded one by one); now they only set state that
no closing widget watches. The display is stopped several times in the middle of a stream of
calls and queue changes; so that the link's messages certainly keep coming while it stops,
the frames the same server pushed to another display are also posted to it, as its link
posts them, one after another without a pause.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.message import Message

from display.app import DisplayApp
from server.config import loads
from server.protocol import server_frames
from server.protocol.link import Link
from server.protocol.replies import Error, Ok
from server.protocol.welcome import Welcome
from tests.conftest import Clock, centre_toml
from tests.display.helpers import banner
from tests.server.harness import Running, device, start_server
from tests.ui import until

STOPS = 3
LATE_FRAMES = 40
# The stream is as fast as the kiosks and counters can go: no rate limit in the way.
UNLIMITED = """kiosk_burst = 100000
kiosk_per_minute = 1000000
request_burst = 100000
requests_per_second = 1000000"""


async def call_without_end(running: Running, kiosk_id: str, counter_id: str, service: str) -> None:
    """Take a ticket, call it, finish it; again and again: a `called` and a `queue` event
    each time."""
    async with device(running, kiosk_id) as kiosk, device(running, counter_id) as counter:
        while True:
            await kiosk.ok("take_ticket", service=service)
            number = (await counter.ok("call_next"))["ticket"]["number"]
            await counter.ok("finish", ticket=number)


@asynccontextmanager
async def calls_without_end(running: Running) -> AsyncIterator[None]:
    """Two kiosks and two counters at it at once, until the block ends."""
    streams = [
        asyncio.create_task(call_without_end(running, "k1", "c2", "social")),
        asyncio.create_task(call_without_end(running, "k2", "c3", "tax")),
    ]
    try:
        yield
    finally:
        for stream in streams:
            stream.cancel()
        await asyncio.gather(*streams, return_exceptions=True)


async def pushed_frames(running: Running) -> list[Message]:
    """What another display is sent from now on: its welcome, then events, as link messages."""
    async with device(running, "d1") as other:
        welcome = server_frames.decode(json.dumps(other.welcome))
        assert isinstance(welcome, Welcome)
        messages: list[Message] = [Link.Welcome(welcome.snapshot)]
        while len(messages) < LATE_FRAMES:
            frame = server_frames.decode(json.dumps(await other.recv()))
            assert not isinstance(frame, Welcome | Ok | Error)  # pushed: it asked nothing
            messages.append(Link.Event(frame))
    return [*messages, Link.State("offline"), Link.Refused("bad_token", "gone")]


async def feed(app: DisplayApp, messages: list[Message]) -> None:
    """Post `messages` to the app over and over, as a link that never pauses would."""
    while True:
        for message in messages:
            app.post_message(message)
            await asyncio.sleep(0)


async def test_stopping_while_calls_arrive_raises_nothing(
    db_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    config = loads(centre_toml(limits=UNLIMITED))
    async with start_server(config, db_path, clock) as running, calls_without_end(running):
        late = await pushed_frames(running)
        for _ in range(STOPS):
            # On the real clock, the language changes on every tick of its timer, the notice
            # scrolls, and each highlight ends at once.
            app = DisplayApp(running.url, cycle_s=0.01, highlight_s=0.01)
            feeders: list[asyncio.Task[None]] = []
            try:
                async with app.run_test() as pilot:
                    shown = banner(app)
                    # A new call on screen: the stream is flowing into this display.
                    await until(pilot, lambda: banner(app) not in ("", shown))  # noqa: B023
                    feeders.append(asyncio.create_task(feed(app, late)))
                # Leaving the block stopped the app with all that still coming; an exception
                # in the app would have been raised there.
            finally:
                for feeder in feeders:
                    feeder.cancel()
                await asyncio.gather(*feeders, return_exceptions=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
