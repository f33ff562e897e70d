"""The Textual side of the link: snapshots and events arrive as messages to the app."""

from __future__ import annotations

from textual.app import App

from server.protocol.events import Called
from server.protocol.link import Link
from server.protocol.messages import Hello
from server.protocol.server_frames import Pushed
from server.protocol.welcome import AnySnapshot, DisplaySnapshot
from tests.server.harness import Running, device
from tests.ui import until


class Recorder(App[None]):
    def __init__(self, url: str, hello: Hello) -> None:
        super().__init__()
        self.link = Link(self, url, hello, backoff_initial=0.05)
        self.snapshots: list[AnySnapshot] = []
        self.frames: list[Pushed] = []
        self.states: list[str] = []
        self.refused: list[str] = []

    def on_mount(self) -> None:
        self.link.start()

    def on_link_welcome(self, message: Link.Welcome) -> None:
        self.snapshots.append(message.snapshot)

    def on_link_event(self, message: Link.Event) -> None:
        self.frames.append(message.frame)

    def on_link_state(self, message: Link.State) -> None:
        self.states.append(message.state)

    def on_link_refused(self, message: Link.Refused) -> None:
        self.refused.append(message.code)


async def test_welcome_and_events_reach_the_app(running: Running) -> None:
    app = Recorder(running.url, Hello(protocol=1, role="display"))
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.snapshots)
        assert isinstance(app.snapshots[0], DisplaySnapshot)
        assert app.states[-1] == "online"
        async with device(running, "k1") as kiosk, device(running, "c2") as counter:
            await kiosk.ok("take_ticket", service="social")
            await counter.ok("call_next")
        await until(pilot, lambda: any(isinstance(f, Called) for f in app.frames))
        (called,) = [f for f in app.frames if isinstance(f, Called)]
        assert (called.ticket, called.counter, called.service) == ("A001", "2", "social")


async def test_a_refused_device_is_told_once(running: Running) -> None:
    hello = Hello(protocol=1, role="kiosk", token="wrong")
    app = Recorder(running.url, hello)
    async with app.run_test() as pilot:
        await until(pilot, lambda: app.refused)
        assert app.refused == ["unauthorized"]
