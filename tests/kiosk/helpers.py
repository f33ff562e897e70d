"""Shared by the kiosk tests: a loopback "network printer", the app against a real server,
and the steps of a visit (waiting through tests/ui.py for what the screen shows)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from kiosk.app import KioskApp
from kiosk.printer import PAPER_STATUS, Target, TicketPrinter
from tests.server.harness import Running
from tests.ui import screen_text, showing, until

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


LANG_WORDS = {
    # The services page's title and the first service of the test centre, per language.
    "lv": ("Izvēlieties pakalpojumu", "Sociālie pakalpojumi"),
    "ru": ("Выберите услугу", "Социальные услуги"),
    "en": ("Choose a service", "Social services"),
}


async def open_services(pilot: Pilot[None], lang: str = "lv", centre: str = "Testa centrs") -> None:
    """From a fresh kiosk: wait for the server's welcome (the centre's name on the start
    page), choose a language, wait for its services."""
    await showing(pilot, centre)
    await pilot.click(f"#lang-{lang}")
    title, service = LANG_WORDS[lang]
    await until(
        pilot,
        lambda: title in screen_text(pilot.app) and service in screen_text(pilot.app),
        what=f"the services in {lang}",
    )


async def to_ticket(pilot: Pilot[None], service: str = "social") -> None:
    """A whole Latvian visit without priority, up to the ticket page."""
    await open_services(pilot)
    await pilot.click(f"#svc-{service}")
    await showing(pilot, "Vai jums ir prioritāte?")
    await pilot.click("#prio-none")
    await showing(pilot, "Jūsu numurs")


def text(app: KioskApp, selector: str) -> str:
    """What one widget of the page on screen shows."""
    return str(app.query_one(f"#{app.page} {selector}", Static).render())
