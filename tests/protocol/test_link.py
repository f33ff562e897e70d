"""The Textual side of the link: snapshots and events arrive as messages to the app."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App

from server.protocol.link import Link
from tests.server.harness import Running, device


class Recorder(App[None]):
    def __init__(self, url: str, hello: dict[str, Any]) -> None:
        super().__init__()
        self.link = Link(self, url, hello, backoff_initial=0.05)
        self.snapshots: list[dict[str, Any]] = []
        self.frames: list[dict[str, Any]] = []
        self.states: list[str] = []
        self.refused: list[str] = []
        self.changed = asyncio.Event()

    def on_mount(self) -> None:
        self.link.start()

    def on_link_welcome(self, message: Link.Welcome) -> None:
        self.snapshots.append(message.snapshot)
        self.changed.set()

    def on_link_event(self, message: Link.Event) -> None:
        self.frames.append(message.frame)
        self.changed.set()

    def on_link_state(self, message: Link.State) -> None:
        self.states.append(message.state)

    def on_link_refused(self, message: Link.Refused) -> None:
        self.refused.append(message.code)
        self.changed.set()

    async def until(self, check: Any) -> None:
        async with asyncio.timeout(10):
            while not check():
                self.changed.clear()
                await self.changed.wait()


async def test_welcome_and_events_reach_the_app(running: Running) -> None:
    app = Recorder(running.url, {"type": "hello", "protocol": 1, "role": "display"})
    async with app.run_test():
        await app.until(lambda: app.snapshots)
        assert app.states[-1] == "online"
        async with device(running, "k1") as kiosk, device(running, "c2") as counter:
            await kiosk.ok("take_ticket", service="social")
            await counter.ok("call_next")
        await app.until(lambda: any(f["type"] == "called" for f in app.frames))


async def test_a_refused_device_is_told_once(running: Running) -> None:
    hello = {"type": "hello", "protocol": 1, "role": "kiosk", "token": "wrong"}
    app = Recorder(running.url, hello)
    async with app.run_test():
        await app.until(lambda: app.refused)
        assert app.refused == ["unauthorized"]
