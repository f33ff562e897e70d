"""The door: connections that never say hello, never read, or come by the hundred."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import socket
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidMessage
from websockets.frames import Frame, Opcode

from server.config import loads
from server.net import doorman as door
from server.net.doorman import DoorLimits, Doorman, door_limits
from server.net.logbudget import LogBudget
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, peer, start_server

LIMITS = """hello_timeout_s = 2
max_unauthenticated = 20
unauthenticated_per_address = 8"""


@pytest.fixture
async def door_server(tmp_path: Path) -> Any:
    async with start_server(loads(centre_toml(limits=LIMITS)), tmp_path / "r.db", Clock()) as r:
        yield r


def _health(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
        body: dict[str, Any] = json.loads(r.read())
        return body


async def _idle(url: str, source: str) -> ClientConnection | None:
    """A websocket that never says hello (nor answers anything); None if it was refused."""
    try:
        return await connect(url, local_addr=(source, 0), ping_interval=None)
    except (OSError, InvalidMessage):
        return None


async def _closed_within(ws: ClientConnection, seconds: float) -> bool:
    try:
        async with asyncio.timeout(seconds):
            await ws.wait_closed()
    except TimeoutError:
        return False
    return True


async def test_idle_connections_are_capped_and_cut_at_the_hello_deadline(
    door_server: Running,
) -> None:
    port = door_server.port
    tried = [await _idle(door_server.url, f"127.0.0.{2 + i % 3}") for i in range(30)]
    # 30 strangers from 3 addresses: 8 per address at most, 20 in all; the rest were closed
    # before any handshake.
    held = [ws for ws in tried if ws is not None]
    assert len(held) == 20
    # More from a stranger's address are refused outright while the door is full...
    with pytest.raises((OSError, InvalidMessage)):
        await connect(door_server.url, local_addr=("127.0.0.2", 0), open_timeout=2)
    # ...but /health and a real kiosk from elsewhere get in (the oldest stranger makes room).
    health = await asyncio.to_thread(_health, port)
    assert health["unauthenticated"] <= 20 and health["connections"] == 0
    async with peer(door_server.url, door_server.hello("k1")) as kiosk:
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A001"
        # Then every stranger is cut at its hello deadline; the kiosk stays.
        for ws in held:
            assert await _closed_within(ws, 4), "an idle connection outlived its hello deadline"
        health = await asyncio.to_thread(_health, port)
        # (/health's own request is the one unauthenticated connection left.)
        assert health["connections"] == 1 and health["unauthenticated"] == 1
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A002"


async def test_clients_that_send_but_never_read_are_dropped(door_server: Running) -> None:
    frame = json.dumps({"type": "take_ticket", "id": "x", "service": "a", "lang": "x" * 3900})
    flooders = []
    for i in range(20):
        # max_queue=1: after one unread frame this client stops reading its socket at all.
        ws = await connect(
            door_server.url,
            local_addr=(f"127.0.0.{2 + i}", 0),
            max_queue=1,
            ping_interval=None,
            close_timeout=30,
        )
        for _ in range(60):
            await ws.send(frame)
        flooders.append(ws)
    doorman = door_server.server.doorman
    async with device(door_server, "k1") as kiosk:
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A001"
        # Such a client does not notice it was cut (it reads nothing): the server's books do.
        async with asyncio.timeout(5):
            while doorman.unauthenticated:
                await asyncio.sleep(0.05)
        assert len(doorman.greeted) == 1
    for ws in flooders:
        ws.transport.abort()


async def test_a_frame_bigger_than_a_hello_before_hello_closes_with_1009(
    door_server: Running,
) -> None:
    async with connect(door_server.url) as ws:
        await ws.send(json.dumps({"type": "hello", "pad": "x" * 5000}))
        await ws.wait_closed()
    assert ws.close_code == 1009


async def test_after_hello_the_configured_frame_size_applies(door_server: Running) -> None:
    async with device(door_server, "c1") as counter:
        note = "n" * 400
        reply = await counter.request("transfer", ticket="Z999", service="tax", note=note)
        assert reply["code"] == "unknown_ticket"


# ---- the door's bookkeeping, on a fake clock --------------------------------------------


@dataclass
class FakeTransport:
    peer: str
    buffered: int = 0
    aborted: bool = False

    def get_extra_info(self, name: str) -> Any:
        return (self.peer, 40000) if name == "peername" else None

    def get_write_buffer_size(self) -> int:
        return self.buffered

    def abort(self) -> None:
        self.aborted = True


@dataclass(eq=False)
class FakeConnection:
    transport: FakeTransport
    protocol: Any = field(default_factory=lambda: type("P", (), {"max_message_size": 0})())


def _doorman(now: list[float], **changes: Any) -> Doorman:
    limits = DoorLimits(
        max_connections=6,
        max_unauthenticated=4,
        unauthenticated_per_address=2,
        hello_timeout_s=10,
        send_deadline_s=5,
        send_buffer_bytes=4096,
        max_frame_bytes=65536,
        connections_per_address_per_s=1000,
        connection_burst_per_address=1000,
    )
    limits = replace(limits, **changes)
    return Doorman(limits, LogBudget(logging.getLogger("test")), clock=lambda: now[0])


def _conn(peer: str) -> Any:
    return FakeConnection(FakeTransport(peer))


def test_output_stuck_past_the_send_deadline_ends_the_connection() -> None:
    now = [0.0]
    d = _doorman(now)
    slow, fine = _conn("10.0.0.1"), _conn("10.0.0.2")
    for ws in (slow, fine):
        assert d.arrive(ws)
        d.greet(ws)
    slow.transport.buffered = fine.transport.buffered = 100
    d.sweep()
    now[0] = 3.0
    fine.transport.buffered = 0  # it read: its clock starts again
    d.sweep()
    now[0] = 4.9
    fine.transport.buffered = 100
    d.sweep()
    assert not slow.transport.aborted
    now[0] = 5.5
    d.sweep()
    assert slow.transport.aborted and not fine.transport.aborted


def test_a_full_door_refuses_more_of_the_same_and_makes_room_for_someone_new() -> None:
    d = _doorman([0.0], max_connections=100)
    a1, a2, b1, c1 = (_conn(f"10.0.0.{n}") for n in (1, 1, 2, 3))
    for ws in (a1, a2, b1, c1):
        assert d.arrive(ws)
    # 2 per address: a third from 10.0.0.1 is refused, and nobody is pushed out for it.
    assert not d.arrive(_conn("10.0.0.1"))
    assert d.unauthenticated == 4 and not a1.transport.aborted
    # 4 strangers at most: more from an address already waiting is refused...
    assert not d.arrive(_conn("10.0.0.2"))
    # ...while someone new pushes out the oldest stranger (a1).
    assert d.arrive(_conn("10.0.0.4"))
    assert a1.transport.aborted and d.unauthenticated == 4
    # A stranger who said hello is a session and no longer counts.
    d.greet(a2)
    assert d.unauthenticated == 3


def test_past_the_total_the_oldest_stranger_goes_and_then_newcomers_are_refused() -> None:
    d = _doorman([0.0], max_connections=3, max_unauthenticated=3)
    s1, s2, x = _conn("10.0.0.1"), _conn("10.0.0.2"), _conn("10.0.0.3")
    for ws in (s1, s2, x):
        assert d.arrive(ws)
    d.greet(s1)
    d.greet(s2)
    assert d.arrive(_conn("10.0.0.4"))
    assert x.transport.aborted
    d.greet(next(iter(d.waiting)))
    assert not d.arrive(_conn("10.0.0.5"))
    assert len(d.greeted) == 3 and not s1.transport.aborted


def test_the_connection_cap_stays_below_the_open_files_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(door.resource, "getrlimit", lambda _what: (1024, 4096))
    limits = door_limits(loads(centre_toml(limits="max_connections = 100000")).limits)
    assert limits.max_connections == 1024 - door.RESERVED_FILES
    assert limits.max_unauthenticated <= limits.max_connections


async def test_a_welcome_larger_than_the_send_budget_still_arrives(tmp_path: Path) -> None:
    """The budget is for output left unread, not for one large frame: a manager's welcome on
    a busy day lists every ticket."""
    limits = "send_buffer_bytes = 4096\nkiosk_burst = 1000"
    async with start_server(loads(centre_toml(limits=limits)), tmp_path / "r.db", Clock()) as r:
        async with device(r, "k1") as kiosk:
            for i in range(200):
                await kiosk.ok("take_ticket", service=("social", "tax")[i % 2])
        # A small receive window, so that most of the welcome waits in the server's output.
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        sock.connect(("127.0.0.1", r.port))
        async with connect(r.url, sock=sock, max_size=None) as ws:
            await ws.send(json.dumps(r.hello("m1")))
            raw = await ws.recv()
    assert len(raw) > 4 * 4096
    assert len(json.loads(raw)["snapshot"]["tickets"]) == 200


async def test_a_stranger_who_pings_without_reading_is_cut(door_server: Running) -> None:
    """websockets answers pings by itself: the pongs left unread count against the budget."""
    sent = await asyncio.to_thread(_ping_without_reading, door_server.port)
    # Cut long before 8 MB (what did go through sat in the kernel buffers of both ends).
    assert sent < 4_000_000


def _ping_without_reading(port: int) -> int:
    """Bytes of pings sent until the server cut the connection (a plain blocking socket)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    # A small send buffer too, so what is counted as sent has mostly reached the server.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    # The whole of one sendall must finish within this (Python 3.5+): on a machine busy with
    # the rest of the suite the server may take seconds to read 8 kB of pings, so 5 s once
    # timed out there. The cut is what is measured, by the bytes sent, not by the clock.
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    assert sock.recv(4096).startswith(b"HTTP/1.1 101")
    pings = Frame(Opcode.PING, b"p" * 125).serialize(mask=True) * 64
    sent = 0
    try:
        while sent < 8_000_000:
            sock.sendall(pings)
            sent += len(pings)
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        sock.close()
    return sent


def test_new_connections_from_one_address_are_rate_limited() -> None:
    now = [0.0]
    d = _doorman(
        now,
        max_unauthenticated=100,
        unauthenticated_per_address=100,
        connections_per_address_per_s=2,
        connection_burst_per_address=3,
    )
    results = []
    for _ in range(5):
        ws = _conn("10.0.0.1")
        results.append(d.arrive(ws))
        d.leave(ws)  # (each one gone at once, like a /health request)
    assert results == [True, True, True, False, False]
    assert d.arrive(_conn("10.0.0.2"))  # another address has its own bucket
    now[0] = 0.5
    assert d.arrive(_conn("10.0.0.1")) and not d.arrive(_conn("10.0.0.1"))


def _health_loop(port: int, times: int) -> tuple[int, float]:
    """GET /health `times` times from 127.0.0.3 as fast as it goes: how many were answered,
    in how many seconds."""
    start = time.monotonic()
    answered = 0
    for _ in range(times):
        conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=5, source_address=("127.0.0.3", 0)
        )
        try:
            conn.request("GET", "/health")
            answered += conn.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
    return answered, time.monotonic() - start


async def test_a_health_loop_from_one_address_is_rate_limited_and_kiosks_go_on(
    door_server: Running,
) -> None:
    loop = asyncio.create_task(asyncio.to_thread(_health_loop, door_server.port, 300))
    async with peer(door_server.url, door_server.hello("k1")) as kiosk:
        for number in ("A001", "A002", "A003"):
            assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == number
    answered, seconds = await loop
    # The burst of 64, then 20 a second.
    assert 64 <= answered <= 64 + 20 * seconds + 1
