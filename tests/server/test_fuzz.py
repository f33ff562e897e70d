"""Thousands of malformed frames: each gets one error frame, nothing changes, the server lives."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed, ConnectionClosedError
from websockets.sync.client import connect

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, start_server

TYPES = ["hello", "take_ticket", "call_next", "finish", "recall", "transfer", "sign_in", "cancel"]
FIELDS = [
    "id",
    "service",
    "priority",
    "lang",
    "ticket",
    "token",
    "role",
    "protocol",
    "counter",
    "pin",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
shaped = st.fixed_dictionaries(
    {"type": st.sampled_from(TYPES) | st.text(max_size=12) | json_values},
    optional={f: json_values | st.sampled_from(["social", "A001", "x", ""]) for f in FIELDS},
)
frames = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60),
    json_values.map(json.dumps),
    shaped.map(json.dumps),
)


@pytest.fixture
def background_server(tmp_path: Path) -> Iterator[Running]:
    """A server on its own event loop thread, so hypothesis can drive it synchronously."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    # Hundreds of connections from one address: the fuzzer is not what the door is about.
    limits = "kiosk_burst = 100000\nkiosk_per_minute = 1000000\nconnections_per_address_per_s = 1e6"
    config = loads(centre_toml(limits=limits))
    ctx = start_server(config, tmp_path / "fuzz.db", Clock())
    running: Running = asyncio.run_coroutine_threadsafe(ctx.__aenter__(), loop).result(10)
    # Start the service day with a first ticket, so the fuzzing itself begins on a settled log.
    with connect(running.url) as ws:
        ws.send(json.dumps(running.hello("k1")))
        ws.recv(timeout=5)
        assert (
            _exchange(ws, json.dumps({"type": "take_ticket", "id": "first", "service": "social"}))[
                "type"
            ]
            == "ok"
        )
    try:
        yield running
    finally:
        done: Future[Any] = asyncio.run_coroutine_threadsafe(ctx.__aexit__(None, None, None), loop)
        done.result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def _exchange(ws: Any, frame: str | bytes) -> dict[str, Any]:
    ws.send(frame)
    while True:
        reply = json.loads(ws.recv(timeout=5))
        # Events, and the notice that comes before the server closes the connection, are not
        # answers to the frame.
        if reply["type"] not in ("queue", "taken", "day") and reply.get("code") != "slow_down":
            return reply  # type: ignore[no-any-return]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(frames, min_size=1, max_size=25), greet=st.booleans())
def test_fuzzed_frames_get_errors_and_change_nothing(
    background_server: Running, batch: list[str | bytes], greet: bool
) -> None:
    running = background_server
    before = running.server.owner.seq
    taken = 0
    pending = list(batch)
    while pending:
        with connect(running.url) as ws:
            if greet:
                ws.send(json.dumps(running.hello("k1")))
                assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
            while pending:
                try:
                    reply = _exchange(ws, pending[0])
                except ConnectionClosed:
                    # The server closes a connection that sends nothing but refused frames
                    # (net/app.py): the frame goes again, on a new connection.
                    break
                pending.pop(0)
                assert reply["type"] in ("error", "ok", "welcome"), reply
                if reply["type"] == "error":
                    assert reply["code"] in {
                        "bad_frame",
                        "unknown_type",
                        "invalid_field",
                        "unauthorized",
                        "forbidden",
                        "unknown_service",
                        "unknown_priority",
                        "unsupported_protocol",
                    }, reply
                    assert reply["message"]
                elif reply["type"] == "ok" and "ticket" in reply:
                    taken += 1
    # Only well-formed ticket requests (a rare fuzz hit) may have changed anything: one
    # event each.
    assert running.server.owner.seq - before == taken


def test_oversize_frame_closes_with_1009(background_server: Running) -> None:
    running = background_server
    limit = running.server.config.limits.max_frame_bytes
    with connect(running.url, max_size=None) as ws:
        ws.send(json.dumps(running.hello("k1")))
        ws.recv(timeout=5)
        ws.send("x" * (limit + 1))
        with pytest.raises(ConnectionClosedError) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009
    with connect(running.url) as ws:  # the server is still there
        ws.send(json.dumps(running.hello("k1")))
        assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
