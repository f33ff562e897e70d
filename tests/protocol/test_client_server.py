"""The reconnecting client against the real server: resync and no double tickets."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from server.config import CentreConfig
from server.net.app import RindaServer
from server.protocol.client import Client, ClientRefused, RequestError
from server.protocol.messages import Hello, TakeTicket
from server.protocol.welcome import AnySnapshot, KioskSnapshot
from server.store.events import EventStore
from server.store.tokens import add_token
from tests.conftest import Clock


async def _tokens(db: Path) -> dict[str, str]:
    store = await EventStore.open(db)
    try:
        return {
            "k1": await add_token(store, "kiosk", "k1"),
            "c2": await add_token(store, "counter", "c2"),
        }
    finally:
        await store.close()


async def test_client_survives_a_server_restart_and_resyncs(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    tokens = await _tokens(db_path)
    welcomes: list[AnySnapshot] = []
    welcomed = asyncio.Event()

    def on_welcome(snapshot: AnySnapshot) -> None:
        welcomes.append(snapshot)
        welcomed.set()

    server = RindaServer(config, db_path, clock=clock)
    port = await server.start("127.0.0.1", 0)
    hello = Hello(protocol=1, role="kiosk", token=tokens["k1"])
    url = f"ws://127.0.0.1:{port}/ws"
    async with (
        asyncio.timeout(20),
        Client(url, hello, on_welcome=on_welcome, backoff_initial=0.05, backoff_max=0.2) as kiosk,
    ):
        first = await kiosk.request(TakeTicket(id=kiosk.new_id(), service="social"))
        assert first.ticket.number == "A001"
        welcomed.clear()
        await server.close()
        # Asked while the server is down: queued, sent once it is back, answered once.
        tap = TakeTicket(id="tap-2", service="social")
        pending = asyncio.create_task(kiosk.request(tap))
        server = RindaServer(config, db_path, clock=clock)
        await server.start("127.0.0.1", port)
        try:
            second = await pending
            await welcomed.wait()
            again = await kiosk.request(tap)
            assert second == again
            assert second.ticket.number == "A002"
            # The fresh snapshot after the reconnect already counts the first ticket.
            assert isinstance(welcomes[-1], KioskSnapshot)
            social = next(s for s in welcomes[-1].services if s.id == "social")
            assert social.waiting == 1
            with pytest.raises(RequestError) as refused:
                await kiosk.request(TakeTicket(id=kiosk.new_id(), service="nope"))
            assert refused.value.code == "unknown_service"
        finally:
            await server.close()


async def test_client_with_a_bad_token_is_refused(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    server = RindaServer(config, db_path, clock=clock)
    port = await server.start("127.0.0.1", 0)
    try:
        hello = Hello(protocol=1, role="kiosk", token="wrong")
        with pytest.raises(ClientRefused) as refused:
            async with asyncio.timeout(10), Client(f"ws://127.0.0.1:{port}/ws", hello):
                pass
        assert refused.value.code == "unauthorized"
    finally:
        await server.close()
