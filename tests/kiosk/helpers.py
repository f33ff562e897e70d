"""Shared by the kiosk tests: a loopback "network printer", the app against a real server,
and awaiting what the screen shows."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Static

from kiosk.app import KioskApp
from kiosk.printer import PAPER_STATUS, Target, TicketPrinter
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.services import ServicesScreen
from kiosk.screens.ticket import TicketScreen
from tests.server.harness import Running

PAPER_OK = 0x12
PAPER_OUT = 0x72


class FakePrinter:
    """A raw TCP "network printer" on 127.0.0.1: answers the paper-status query with
    `self.paper` and records the bytes of each ticket (one connection = one ticket)."""

    def __init__(self) -> None:
        self.paper = PAPER_OK
        self.tickets: list[bytes] = []
        self.arrived: list[float] = []  # time.perf_counter() when each ticket was complete
        self.received = asyncio.Event()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> FakePrinter:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def target(self) -> str:
        return f"network:127.0.0.1:{self.port}"

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        data = b""
        while chunk := await reader.read(65536):
            if not data and chunk.startswith(PAPER_STATUS):
                writer.write(bytes([self.paper]))
                await writer.drain()
                chunk = chunk[len(PAPER_STATUS) :]
            data += chunk
        writer.close()
        if data:
            self.arrived.append(time.perf_counter())
            self.tickets.append(data)
            self.received.set()

    async def next_ticket(self, count: int) -> bytes:
        """Wait until `count` tickets have arrived; return the last."""
        async with asyncio.timeout(10):
            while len(self.tickets) < count:
                self.received.clear()
                await self.received.wait()
        return self.tickets[count - 1]


def make_kiosk(
    running: Running,
    printer: str = "none",
    device: str = "k1",
    idle_timeout: float = 30.0,
    profile: str = "TM-T20II",
    token: str | None = None,
    storage_probe_interval: float = 5.0,
    monotonic: Callable[[], float] = time.monotonic,
) -> KioskApp:
    return KioskApp(
        running.url,
        token if token is not None else running.tokens[device],
        TicketPrinter(Target.parse(printer), profile=profile, timeout=2.0),
        idle_timeout=idle_timeout,
        storage_probe_interval=storage_probe_interval,
        monotonic=monotonic,
        backoff_initial=0.05,
        backoff_max=0.2,
        request_timeout=5.0,
    )


async def until(app: KioskApp, check: Callable[[], object], timeout: float = 10) -> None:
    """Wait until `check()` holds, re-checking after every change the app announces (and
    briefly after, since a pushed screen finishes mounting a moment after the change)."""
    async with asyncio.timeout(timeout):
        while not check():
            app.changed.clear()
            try:
                async with asyncio.timeout(0.05):
                    await app.changed.wait()
            except TimeoutError:
                pass


def at(app: KioskApp, screen: type[Screen[None]]) -> bool:
    """The app shows a screen of this class, composed and mounted."""
    return isinstance(app.screen, screen) and app.screen.is_mounted


async def shown(pilot: Pilot[None], screen: type[Screen[None]]) -> None:
    """Wait for a screen, then for one more idle moment so it is laid out before a click."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    await until(app, lambda: at(app, screen))
    await pilot.pause()


async def open_services(app: KioskApp, pilot: Pilot[None], lang: str = "lv") -> None:
    """From a fresh kiosk: wait for the server, choose a language, reach the services."""
    await until(app, lambda: app.online and app.services)
    await pilot.click(f"#lang-{lang}")
    await shown(pilot, ServicesScreen)


async def to_ticket(app: KioskApp, pilot: Pilot[None], service: str = "social") -> None:
    """A whole Latvian visit without priority, up to the ticket screen."""
    await open_services(app, pilot)
    await pilot.click(f"#svc-{service}")
    await shown(pilot, PriorityScreen)
    await pilot.click("#prio-none")
    await shown(pilot, TicketScreen)


def text(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def screen_text(app: KioskApp) -> str:
    """Everything the current screen shows in Statics and Buttons, one per line."""
    parts: list[str] = []
    for w in app.screen.query("Static, Button"):
        if w.display and not w.has_class("hidden"):
            parts.append(str(w.label) if isinstance(w, Button) else str(w.render()))
    return "\n".join(parts)


async def tickets(running: Running) -> dict[str, Any]:
    return dict(running.server.owner.centre.state.tickets)
