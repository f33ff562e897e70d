"""A client that stops reading is cut off; nobody else waits for it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from websockets.asyncio.client import connect

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import device, start_server

LIMITS = "kiosk_burst = 100000\nkiosk_per_minute = 1000000\nsend_buffer_bytes = 4096"


async def test_stalled_client_is_disconnected_and_others_keep_up(tmp_path: Path) -> None:
    config = loads(centre_toml(limits=LIMITS))
    async with start_server(config, tmp_path / "rinda.db", Clock()) as running:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        sock.connect(("127.0.0.1", running.port))
        # max_queue=1: once one frame is unread the client stops reading the socket at all.
        async with connect(running.url, sock=sock, max_queue=1, close_timeout=0.1) as stalled:
            await stalled.send(json.dumps(running.hello("m1")))
            assert json.loads(await stalled.recv())["type"] == "welcome"
            managers = running.server.hub.subscribers["manager"]
            async with device(running, "c1") as watcher, device(running, "k1") as kiosk:
                taken = 0
                while managers and taken < 20_000:
                    await kiosk.ok("take_ticket", service=("social", "tax")[taken % 2])
                    taken += 1
                assert not managers, "the stalled manager screen was never disconnected"
                # The healthy counter screen heard every ticket, in order.
                last = (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
                heard = []
                while not heard or heard[-1] != last:
                    heard.append((await watcher.event("taken"))["ticket"])
                assert len(heard) == len(set(heard)) == taken + 1
