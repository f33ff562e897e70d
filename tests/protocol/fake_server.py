"""A small fake Rinda server on 127.0.0.1, port 0, and what the client tests share: it speaks
the protocol's frames and drops, refuses or stays silent when a test asks it to."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from server.protocol import events as e
from server.protocol.client import (
    Client,
)
from server.protocol.messages import Hello, TakeTicket
from server.protocol.replies import TicketIssued, encode, error_frame
from server.protocol.server_frames import Pushed
from server.protocol.views import CentreInfo, IssuedTicket
from server.protocol.welcome import AnySnapshot, KioskSnapshot, Welcome

Frame = dict[str, Any]
TOKEN = "good-token"
HELLO = Hello(protocol=1, role="kiosk", token=TOKEN)
LIMIT = 5.0  # seconds; every test is bounded by this
CALLED = e.Called(
    ticket="A012",
    counter="3",
    counter_name="3",
    service="A",
    recall=False,
    at="2025-01-01T08:00:00Z",
)


def welcome(connection: int) -> str:
    """A kiosk's welcome; `server_version` says which connection it was sent on."""
    snapshot = KioskSnapshot(
        protocol=1,
        server_version=f"fake-{connection}",
        centre=CentreInfo(name={"lv": "Fake"}, timezone="Europe/Riga"),
        day=None,
        services=[],
        institutions=[],
        priorities=[],
        counters=[],
        calls=[],
    )
    return encode(Welcome(snapshot=snapshot)).decode()


def ticket(rid: str, number: str) -> TicketIssued:
    issued = IssuedTicket(
        number=number,
        service="A",
        priority=None,
        issued_at="2025-01-01T08:00:00Z",
        position=1,
        ahead=0,
        estimated_wait_s=0,
        status_url="http://fake/t/x",
    )
    return TicketIssued(re=rid, ticket=issued)


def take(client: Client, service: str = "A", rid: str | None = None) -> TakeTicket:
    return TakeTicket(id=rid or client.new_id(), service=service)


class FakeServer:
    """Just enough of the Rinda server: hello/welcome, answers by id, events, drops."""

    def __init__(self) -> None:
        self.hellos: list[Frame] = []
        self.seen: list[tuple[str, str]] = []  # (type, id) of every request received
        self.answers: dict[str, bytes] = {}  # id -> first answer, as the protocol demands
        self.welcomes = 0
        self.tickets = 0
        self.drop_on: set[str] = set()  # request types that drop the link (once each)
        self.silent: set[str] = set()  # request types never answered
        self.after_welcome: list[str] = []  # raw frames pushed right after the welcome
        self.close_codes: asyncio.Queue[int | None] = asyncio.Queue()
        self._server: Server | None = None

    async def start(self, port: int = 0) -> int:
        self._server = await serve(self.handler, "127.0.0.1", port)
        port = int(self._server.sockets[0].getsockname()[1])
        self.url = f"ws://127.0.0.1:{port}/ws"
        return port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def handler(self, ws: ServerConnection) -> None:
        try:
            hello = json.loads(await ws.recv())
            self.hellos.append(hello)
            if hello.get("token") != TOKEN:
                await ws.send(encode(error_frame("unauthorized", "Wrong token.")).decode())
                await ws.wait_closed()
                return
            self.welcomes += 1
            await ws.send(welcome(self.welcomes))
            for pushed in self.after_welcome:
                await ws.send(pushed)
            async for raw in ws:
                await self.answer(ws, json.loads(raw))
        except ConnectionClosed:
            pass
        finally:
            self.close_codes.put_nowait(ws.close_code)

    async def answer(self, ws: ServerConnection, frame: Frame) -> None:
        kind, rid = frame["type"], frame["id"]
        self.seen.append((kind, rid))
        if kind in self.drop_on:
            self.drop_on.discard(kind)
            ws.transport.abort()  # the cable is pulled: no close frame, no answer
            return
        if kind in self.silent:
            return
        if rid not in self.answers:
            if kind == "take_ticket" and frame.get("service") == "A":
                self.tickets += 1
                self.answers[rid] = encode(ticket(rid, f"A{self.tickets:03}"))
            else:
                refusal = error_frame(
                    "unknown_service", "Choose a service shown on the screen.", rid
                )
                self.answers[rid] = encode(refusal)
        await ws.send(self.answers[rid].decode())


class Recorder:
    """Collects what the client reports, as queues a test can await."""

    def __init__(self) -> None:
        self.welcomes: asyncio.Queue[AnySnapshot] = asyncio.Queue()
        self.events: asyncio.Queue[Pushed] = asyncio.Queue()
        self.states: list[str] = []
        self.state_changes: asyncio.Queue[str] = asyncio.Queue()

    def on_welcome(self, snapshot: AnySnapshot) -> None:
        self.welcomes.put_nowait(snapshot)

    async def connection(self) -> int:
        """Which connection the next welcome came on (see `welcome`)."""
        snapshot = await self.welcomes.get()
        assert isinstance(snapshot, KioskSnapshot)
        return int(snapshot.server_version.removeprefix("fake-"))

    async def on_event(self, frame: Pushed) -> None:  # async callbacks work too
        self.events.put_nowait(frame)

    def on_state(self, state: str) -> None:
        self.states.append(state)
        self.state_changes.put_nowait(state)

    async def until_state(self, state: str) -> None:
        while await self.state_changes.get() != state:
            pass


def make_client(url: str, rec: Recorder, hello: Hello = HELLO, **kwargs: Any) -> Client:
    kwargs.setdefault("backoff_initial", 0.01)
    kwargs.setdefault("backoff_max", 0.05)
    return Client(
        url,
        hello,
        on_welcome=rec.on_welcome,
        on_event=rec.on_event,
        on_state=rec.on_state,
        **kwargs,
    )
