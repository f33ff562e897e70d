"""Frames from a stranger: short answers, a log that cannot be flooded or forged, no crash."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from server.config import loads
from server.net.app import REFUSALS_BEFORE_HELLO, STRIKE_BURST
from server.net.logbudget import LogBudget
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, start_server

# The limits the attack would otherwise trip first (the hello deadline, the rate of new
# connections from one address): the flood must reach the log.
LIMITS = "hello_timeout_s = 30\nconnections_per_address_per_s = 100000"


class LogMeter(logging.Handler):
    """Every line the server logs, as it would be written."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_meter() -> Iterator[LogMeter]:
    meter = LogMeter()
    root = logging.getLogger()
    old = root.level
    root.addHandler(meter)
    root.setLevel(logging.INFO)
    try:
        yield meter
    finally:
        root.removeHandler(meter)
        root.setLevel(old)


async def _flood(url: str, frames: list[str], count: int, replies: list[dict]) -> None:
    """Send `frames` round and round, `count` in all, reconnecting whenever the server closes."""
    while len(replies) < count:
        with contextlib.suppress(ConnectionClosed):
            async with connect(url, max_size=None) as ws:
                while len(replies) < count:
                    for f in frames:
                        await ws.send(f)
                        replies.append(json.loads(await ws.recv()))


def _log_rate_ok(meter: LogMeter, elapsed: float) -> tuple[bool, str]:
    logged = sum(len(line) + 1 for line in meter.lines)
    return logged <= 10_000 * max(1.0, elapsed), f"{logged} bytes of log in {elapsed:.1f} s"


async def test_one_stranger_cannot_flood_or_forge_the_log(
    tmp_path: Path, log_meter: LogMeter
) -> None:
    bad = [
        # An invalid enum value of almost the largest frame taken before hello...
        json.dumps({"type": "take_ticket", "id": "x", "service": "a", "lang": "L" * 3900}),
        # ...and a frame type that would write a line of its own into the log.
        json.dumps({"type": "ping\n2026-11-28 INFO rinda.server: kiosk k1 connected"}),
        "[" * 3000,
    ]
    async with start_server(loads(centre_toml(limits=LIMITS)), tmp_path / "r.db", Clock()) as r:
        start = time.monotonic()
        replies: list[dict] = []
        await _flood(r.url, bad, 600, replies)
        elapsed = time.monotonic() - start
    ok, figures = _log_rate_ok(log_meter, elapsed)
    assert ok, figures
    assert all("\n" not in line for line in log_meter.lines)
    # Every answer is short, whatever was sent; the forged line comes back escaped.
    assert {f["code"] for f in replies} >= {"invalid_field", "unknown_type", "bad_frame"}
    assert max(len(f["message"]) for f in replies) <= 160
    unknown = next(f for f in replies if f["code"] == "unknown_type")
    assert "\\n" in unknown["message"] and "\n" not in unknown["message"]


async def test_deep_nesting_and_bad_utf8_are_bad_frames_and_the_session_goes_on(
    running: Running,
) -> None:
    async with connect(running.url) as ws:
        for frame in ("[" * 2000 + "]" * 2000, b'{"type": "hello", "token": "\xff\xfe"}'):
            await ws.send(frame)
            reply = json.loads(await ws.recv())
            assert reply["type"] == "error" and reply["code"] == "bad_frame", reply
        await ws.send(json.dumps(running.hello("k1")))
        assert json.loads(await ws.recv())["type"] == "welcome"
        # The same after hello, with the full frame size allowed.
        await ws.send("{" * 30_000)
        assert json.loads(await ws.recv())["code"] == "bad_frame"
        await ws.send(json.dumps({"type": "take_ticket", "id": "t1", "service": "social"}))
        while "re" not in (reply := json.loads(await ws.recv())):
            pass
        assert reply["ticket"]["number"] == "A001"


async def test_a_stranger_who_only_sends_refused_frames_is_shown_the_door(
    running: Running,
) -> None:
    codes = []
    async with connect(running.url) as ws:
        with contextlib.suppress(ConnectionClosed):
            for i in range(200):
                await ws.send(json.dumps({"type": "call_next", "id": f"r{i}"}))
        with pytest.raises(ConnectionClosed) as closed:
            async for raw in ws:
                codes.append(json.loads(raw)["code"])
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert codes == ["unauthorized"] * (REFUSALS_BEFORE_HELLO + 1) + ["slow_down"]


async def test_after_hello_a_device_may_err_now_and_then_but_not_only_err(
    running: Running,
) -> None:
    codes = []
    async with connect(running.url) as ws:
        await ws.send(json.dumps(running.hello("k1")))
        assert json.loads(await ws.recv())["type"] == "welcome"
        with contextlib.suppress(ConnectionClosed):
            for i in range(200):
                await ws.send(json.dumps({"type": "call_next", "id": f"r{i}"}))
        with pytest.raises(ConnectionClosed) as closed:
            async for raw in ws:
                frame = json.loads(raw)
                if frame["type"] == "error":
                    codes.append(frame["code"])
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert codes[-1] == "slow_down" and set(codes[:-1]) == {"forbidden"}
    assert STRIKE_BURST <= len(codes) - 1 < STRIKE_BURST + 10


async def test_requests_past_the_device_budget_are_refused_and_not_stored(
    running: Running,
) -> None:
    async with connect(running.url) as ws:
        await ws.send(json.dumps(running.hello("c1")))
        assert json.loads(await ws.recv())["type"] == "welcome"
        codes = []
        for i in range(60):
            await ws.send(json.dumps({"type": "finish", "id": f"f{i}", "ticket": "Z999"}))
            while "re" not in (reply := json.loads(await ws.recv())):
                pass
            codes.append(reply["code"])
    assert codes[:20] == ["unknown_ticket"] * 20
    assert "rate_limited" in codes[20:]
    # Answers that changed nothing are not stored: a no-op flood cannot grow the database.
    assert await running.server.store.reply_ids_since(Clock().now.replace(year=2000)) == []


async def test_the_log_of_a_flood_stays_small_when_many_strangers_join_in(
    tmp_path: Path, log_meter: LogMeter
) -> None:
    """The budget is for all strangers together, not per connection."""
    bad = [json.dumps({"type": "nope" * 500})]
    async with start_server(loads(centre_toml(limits=LIMITS)), tmp_path / "r.db", Clock()) as r:
        start = time.monotonic()
        floods: list[list[dict]] = [[] for _ in range(10)]
        await asyncio.gather(*(_flood(r.url, bad, 60, replies) for replies in floods))
        elapsed = time.monotonic() - start
    ok, figures = _log_rate_ok(log_meter, elapsed)
    assert ok, figures


def test_lines_past_the_budget_are_counted_in_the_next_line_that_fits() -> None:
    logger = logging.getLogger("test.budget")
    meter = LogMeter()
    logger.addHandler(meter)
    logger.setLevel(logging.INFO)
    now = [0.0]
    budget = LogBudget(logger, burst=3, per_second=1.0, clock=lambda: now[0])
    for i in range(50):
        budget.info("refused %d", i)
    assert len(meter.lines) == 3
    now[0] = 1.0
    budget.warning("refused %d", 50)
    assert len(meter.lines) == 4
    assert meter.lines[-1].endswith("refused 50 (and 47 more refusals were not logged)")
    logger.removeHandler(meter)


def _pipelined_health(port: int, times: int) -> None:
    """Two requests in one write: websockets 17 logs an internal error with a traceback."""
    for _ in range(times):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" * 2)
            while sock.recv(4096):
                pass


async def test_pipelined_http_requests_cannot_flood_the_log(
    tmp_path: Path, log_meter: LogMeter
) -> None:
    async with start_server(loads(centre_toml(limits=LIMITS)), tmp_path / "r.db", Clock()) as r:
        start = time.monotonic()
        await asyncio.to_thread(_pipelined_health, r.port, 400)
        elapsed = time.monotonic() - start
    ok, figures = _log_rate_ok(log_meter, elapsed)
    assert ok, figures


async def test_a_locked_out_answer_quotes_the_clerk_id_escaped(running: Running) -> None:
    forged = "a\n2026 WARNING FORGED\x1b[0m"
    async with connect(running.url) as ws:
        await ws.send(json.dumps(running.hello("c1")))
        assert json.loads(await ws.recv())["type"] == "welcome"
        codes = []
        for i in range(8):
            rid = f"s{i}"
            await ws.send(json.dumps({"type": "sign_in", "id": rid, "clerk": forged, "pin": "1"}))
            while (reply := json.loads(await ws.recv())).get("re") != rid:
                pass
            codes.append(reply["code"])
    assert codes[-1] == "locked_out"
    assert "\n" not in reply["message"] and "\x1b" not in reply["message"]
    assert "a\\n2026 WARNING FORGED\\x1b[0m" in reply["message"]
