"""`rinda token revoke` ends the live sessions of that device at once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.config import CentreConfig
from server.store.events import EventStore
from server.store.tokens import revoke
from tests.conftest import Clock
from tests.server.harness import device, start_server


async def test_a_revoked_kiosk_is_cut_off_while_connected_and_cannot_come_back(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as running:
        async with device(running, "k1") as kiosk, device(running, "k2") as other:
            await kiosk.ok("take_ticket", service="social")
            # What `rinda token revoke --device k1` does: another process writes the db.
            cli = await EventStore.open(db_path)
            try:
                assert await revoke(cli, "k1") == 1
            finally:
                await cli.close()
            async with asyncio.timeout(5):
                revoked = await kiosk.event("error")
            assert revoked["code"] == "token_revoked"
            try:
                async with asyncio.timeout(5):
                    while True:
                        await kiosk.recv()
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 1008
            # The other kiosk goes on; the revoked token cannot say hello again.
            assert (await other.ok("take_ticket", service="social"))["ticket"]["number"] == "A002"
        async with connect(running.url) as ws:
            await ws.send(json.dumps(running.hello("k1")))
            assert json.loads(await ws.recv())["code"] == "unauthorized"
