"""What the booking API's door does with oversized, slow and garbled requests, and that
websocket clients are served alongside; a booking token opens no websocket session."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from server.config import CentreConfig, loads
from server.store.tokens import revoke
from tests.api.conftest import Api, booking_toml
from tests.server.harness import Running, device


async def _raw(
    port: int, data: bytes, close_write: bool = False
) -> tuple[int, dict[str, str], bytes]:
    """Send `data` as it is and read the whole answer (the server closes after one)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        if close_write:
            writer.write_eof()
        async with asyncio.timeout(10):
            answer = await reader.read()
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ")[1]), headers, body


def _post(path: str, body: bytes, token: str, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    ).encode() + body


async def test_an_oversized_body_is_refused_before_it_is_read(running: Running) -> None:
    # Only the head is sent: the answer comes from Content-Length alone.
    status, _h, body = await _raw(
        running.port, _post("/api/v1/bookings", b"", running.tokens["web"], 10**9)
    )
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large"


async def test_an_oversized_head_is_refused(running: Running) -> None:
    head = b"POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: " + b"a" * 9000 + b"\r\n\r\n"
    status, _h, body = await _raw(running.port, head)
    assert status == 431 and json.loads(body)["error"]["code"] == "too_large"


async def test_garbled_requests_get_400_and_change_nothing(running: Running, api: Api) -> None:
    token = running.tokens["web"]
    bad_length = _post("/api/v1/bookings", b"{}", token).replace(
        b"Content-Length: 2", b"Content-Length: two"
    )
    status, _h, body = await _raw(running.port, bad_length)
    assert status == 400 and json.loads(body)["error"]["code"] == "bad_frame"
    status, _h, _b = await _raw(
        running.port, b"POST /api/v1/bookings HTTP/1.1\r\n\x00\x01\x02\r\n\r\n"
    )
    assert status == 400
    # Cut off mid-body: nothing is booked, the server answers the next one.
    half = _post("/api/v1/bookings", b'{"service": "soc', token, length=60)
    status, _h, _b = await _raw(running.port, half, close_write=True)
    assert status == 400
    assert running.server.owner.centre.state.bookings == {}
    assert (await api.book(await api.first_slot())).status == 201


async def test_one_request_per_connection_and_the_rest_is_not_read(running: Running) -> None:
    one = _get("/api/v1/services", running.tokens["web"])
    status, headers, body = await _raw(running.port, one * 2)
    assert status == 200 and headers["connection"] == "close"
    assert body.count(b"HTTP/1.1") == 0 and json.loads(body)["services"]


@pytest.fixture
def config() -> CentreConfig:
    return loads(booking_toml("hello_timeout_s = 1.0\nrequest_burst = 200"))


async def test_a_slow_request_is_cut_off_with_408(running: Running) -> None:
    # The head arrives, the body never does (a slowloris): 408 after half the hello timeout.
    loop = asyncio.get_running_loop()
    began = loop.time()
    status, _h, body = await _raw(
        running.port, _post("/api/v1/bookings", b"{", running.tokens["web"], 50)
    )
    assert status == 408 and json.loads(body)["error"]["code"] == "request_timeout"
    assert loop.time() - began < 1.0
    # A head that never ends is cut off the same way.
    status, _h, _b = await _raw(running.port, b"POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\n")
    assert status == 408


async def test_websocket_clients_work_alongside_the_api(running: Running, api: Api) -> None:
    async with device(running, "k1") as kiosk, device(running, "c1") as counter:
        made, ticket = await asyncio.gather(
            api.book(await api.first_slot()),
            kiosk.request("take_ticket", service="social"),
        )
        assert made.status == 201 and ticket["type"] == "ok"
        event = await counter.event("booking")
        assert event["booking"]["code"] == made.json["booking"]["code"]
    status, _h, _b = await _raw(running.port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 200


async def test_a_booking_token_opens_no_websocket_session(running: Running) -> None:
    token = running.tokens["web"]
    async with connect(running.url) as ws:
        await ws.send(
            json.dumps({"type": "hello", "protocol": 1, "role": "booking", "token": token})
        )
        reply = json.loads(await ws.recv())
        assert reply["type"] == "error" and reply["code"] == "invalid_field"
    for role in ("kiosk", "manager", "display"):
        async with connect(running.url) as ws:
            await ws.send(
                json.dumps({"type": "hello", "protocol": 1, "role": role, "token": token})
            )
            reply = json.loads(await ws.recv())
            assert reply["type"] == "error" and reply["code"] == "forbidden", role
    assert running.server.sessions == {}


def _get(path: str, token: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode()


async def test_a_token_revoked_stops_working_at_once(running: Running) -> None:
    token = running.tokens["web"]
    _s, _h, ok = await _raw(running.port, _get("/api/v1/services", token))
    assert json.loads(ok)["services"]
    await revoke(running.server.store, "web")
    status, _h, body = await _raw(running.port, _get("/api/v1/services", token))
    assert status == 401 and json.loads(body)["error"]["code"] == "unauthorized"
