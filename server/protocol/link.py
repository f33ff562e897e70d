"""The bridge between a Textual app and the server: one per app.

It runs the reconnecting `Client` as a Textual worker and turns what arrives into Textual
messages posted to the app (`on_link_welcome`, `on_link_event`, `on_link_state`,
`on_link_refused`), carrying the typed frames of `server.protocol`; widgets never touch
sockets and the client never touches widgets. Requests go the other way with
`await link.request(...)` (typed: `Client.request`).
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.message import Message

from server.protocol.client import Client, ClientRefused
from server.protocol.messages import Hello
from server.protocol.server_frames import Pushed
from server.protocol.welcome import AnySnapshot


class Link:
    class Welcome(Message):
        """A fresh snapshot: redraw everything from it (first connect and every reconnect)."""

        def __init__(self, snapshot: AnySnapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    class Event(Message):
        """A committed change broadcast by the server (`called`, `queue`, ...)."""

        def __init__(self, frame: Pushed) -> None:
            super().__init__()
            self.frame = frame

    class State(Message):
        """The link went "connecting", "online" or "offline"."""

        def __init__(self, state: str) -> None:
            super().__init__()
            self.state = state

    class Refused(Message):
        """The server refused this device's hello: a wrong token or role. It will not retry."""

        def __init__(self, code: str, message: str) -> None:
            super().__init__()
            self.code = code
            self.message = message

    def __init__(self, app: App[Any], url: str, hello: Hello, **client_options: Any) -> None:
        self.app = app
        self.client = Client(
            url,
            hello,
            on_welcome=lambda snapshot: self._post(Link.Welcome(snapshot)),
            on_event=lambda frame: self._post(Link.Event(frame)),
            on_state=lambda state: self._post(Link.State(state)),
            **client_options,
        )
        # Send a request and get its typed ok reply; raises RequestError / RequestTimeout.
        self.request = self.client.request
        self.new_id = self.client.new_id

    def _post(self, message: Message) -> None:
        self.app.post_message(message)

    def start(self) -> None:
        """Run the link as the app's worker; it ends with the app."""
        self.app.run_worker(self._run(), name="link", group="link", exclusive=True)

    async def _run(self) -> None:
        try:
            await self.client.run()
        except ClientRefused as e:
            self.app.post_message(Link.Refused(e.code, e.message))

    async def close(self) -> None:
        await self.client.close()
