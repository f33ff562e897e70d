"""The reconnecting protocol client against a small fake server on 127.0.0.1, port 0."""

from __future__ import annotations

import asyncio
import json
import random
import socket
from collections.abc import AsyncIterator

import msgspec
import pytest

from server.protocol import events as e
from server.protocol.client import (
    Client,
    ClientClosed,
    ClientRefused,
    RequestError,
    RequestTimeout,
    backoff_delay,
)
from server.protocol.messages import Hello
from server.protocol.replies import TicketIssued, encode
from server.protocol.server_frames import Pushed
from tests.protocol.fake_server import (
    CALLED,
    HELLO,
    LIMIT,
    TOKEN,
    FakeServer,
    Recorder,
    make_client,
    take,
    ticket,
)


@pytest.fixture
async def server() -> AsyncIterator[FakeServer]:
    fake = FakeServer()
    await fake.start()
    yield fake
    await fake.stop()


async def test_hello_welcome_gives_snapshot_and_goes_online(server: FakeServer) -> None:
    rec = Recorder()
    async with asyncio.timeout(LIMIT):
        async with make_client(server.url, rec) as client:
            assert client.online
            assert await rec.connection() == 1
            assert server.hellos == [
                {"type": "hello", "protocol": 1, "role": "kiosk", "token": TOKEN}
            ]
            assert rec.states == ["connecting", "online"]
        assert not client.online
        assert rec.states[-1] == "offline"
        assert await server.close_codes.get() == 1000  # closed cleanly, not dropped


async def test_request_ok_and_error(server: FakeServer) -> None:
    rec = Recorder()
    async with asyncio.timeout(LIMIT), make_client(server.url, rec) as client:
        reply = await client.request(take(client))
        assert isinstance(reply, TicketIssued)
        assert reply.ticket.number == "A001"
        with pytest.raises(RequestError) as caught:
            await client.request(take(client, "Z"))
        assert caught.value.code == "unknown_service"
        assert caught.value.message == "Choose a service shown on the screen."
        assert caught.value.frame.re == server.seen[-1][1]
        ids = [rid for _, rid in server.seen]
        assert len(set(ids)) == 2  # every request gets its own id


async def test_callers_id_is_sent_and_makes_retries_idempotent(server: FakeServer) -> None:
    rec = Recorder()
    async with asyncio.timeout(LIMIT), make_client(server.url, rec) as client:
        first = await client.request(take(client, rid="kiosk1-42"))
        again = await client.request(take(client, rid="kiosk1-42"))
        assert first == again == ticket("kiosk1-42", "A001")
        assert server.seen == [("take_ticket", "kiosk1-42")] * 2
        assert server.tickets == 1


async def test_events_reach_on_event_and_junk_frames_are_ignored(server: FakeServer) -> None:
    server.after_welcome = [
        "this is not json",
        "[1, 2, 3]",
        json.dumps({"type": "ok", "re": "nobody-asked"}),
        json.dumps({"type": "called", "ticket": "A011"}),  # a known type, but unusable
        encode(CALLED).decode(),
    ]
    rec = Recorder()
    async with asyncio.timeout(LIMIT), make_client(server.url, rec) as client:
        assert await rec.events.get() == CALLED  # the junk before it was skipped, in order
        assert client.online
        assert (await client.request(take(client))).ticket.number == "A001"
        assert rec.events.empty()


async def test_a_newer_servers_frames_and_fields_do_not_break_the_client(
    server: FakeServer,
) -> None:
    """Protocol 1 may grow: new frame types are ignored, new fields in known ones too."""
    newer = {**msgspec.to_builtins(CALLED), "floor": 2, "voice": {"lv": "A012"}}
    server.after_welcome = [
        json.dumps({"type": "lights", "colour": "green", "at": "2025-01-01T08:00:00Z"}),
        json.dumps(newer),
    ]
    rec = Recorder()
    async with asyncio.timeout(LIMIT), make_client(server.url, rec) as client:
        assert await rec.events.get() == CALLED
        assert (await client.request(take(client))).ticket.number == "A001"
        assert rec.events.empty()


async def test_drop_mid_request_resends_same_id_after_fresh_welcome(server: FakeServer) -> None:
    server.drop_on = {"take_ticket"}
    rec = Recorder()
    async with asyncio.timeout(LIMIT), make_client(server.url, rec) as client:
        assert await rec.connection() == 1
        reply = await client.request(take(client))
        assert reply.ticket.number == "A001"
        assert await rec.connection() == 2  # redrawn from a new snapshot
        assert server.hellos == [server.hellos[0]] * 2
        (kind1, id1), (kind2, id2) = server.seen
        assert kind1 == kind2 == "take_ticket"
        assert id1 == id2 == reply.re
        assert rec.states == ["connecting", "online", "offline", "connecting", "online"]
        assert await server.close_codes.get() != 1000  # the first link really was cut


async def test_refused_hello_raises_and_does_not_retry(server: FakeServer) -> None:
    rec = Recorder()
    bad = Hello(protocol=1, role="kiosk", token="wrong")
    async with asyncio.timeout(LIMIT):
        client = make_client(server.url, rec, hello=bad)
        queued = asyncio.create_task(client.request(take(client)))
        with pytest.raises(ClientRefused) as caught:
            await client.run()
        assert caught.value.code == "unauthorized"
        assert caught.value.message == "Wrong token."
        with pytest.raises(ClientRefused):
            await queued
        with pytest.raises(ClientRefused):
            await client.wait_online(1)
        assert [h["token"] for h in server.hellos] == ["wrong"]
        assert rec.states == ["connecting", "offline"]
        assert await server.close_codes.get() == 1000

        with pytest.raises(ClientRefused):
            async with make_client(server.url, Recorder(), hello=bad):
                pytest.fail("entered a refused client")
        assert len(server.hellos) == 2


async def test_server_down_at_start_then_up_on_same_port() -> None:
    port = _free_port()
    rec = Recorder()
    fake = FakeServer()
    client = make_client(f"ws://127.0.0.1:{port}/ws", rec, request_timeout=LIMIT)
    async with asyncio.timeout(LIMIT):
        runner = asyncio.create_task(client.run())
        queued = asyncio.create_task(client.request(take(client)))
        await rec.until_state("offline")
        await rec.until_state("offline")  # a second failed attempt: it keeps retrying
        assert not client.online
        await fake.start(port)
        try:
            await client.wait_online(LIMIT)
            assert (await queued).ticket.number == "A001"  # queued while offline, sent on welcome
            await client.close()
            assert runner.done() and runner.result() is None  # close() ends run() quietly
        finally:
            await fake.stop()
    with pytest.raises(ClientClosed):
        await client.request(take(client))


async def test_request_timeout_when_offline_or_unanswered(server: FakeServer) -> None:
    server.silent = {"take_ticket"}
    rec = Recorder()
    async with asyncio.timeout(LIMIT):
        async with make_client(server.url, rec, request_timeout=0.2) as client:
            with pytest.raises(RequestTimeout):
                await client.request(take(client))
        assert server.seen and server.seen[0][0] == "take_ticket"

        nowhere = make_client(f"ws://127.0.0.1:{_free_port()}/ws", rec, request_timeout=0.2)
        runner = asyncio.create_task(nowhere.run())
        with pytest.raises(TimeoutError):  # RequestTimeout is a TimeoutError
            await nowhere.request(take(nowhere))
        await nowhere.close()
        assert runner.result() is None


async def test_cancelling_run_closes_the_socket_cleanly(server: FakeServer) -> None:
    rec = Recorder()
    client = make_client(server.url, rec)
    async with asyncio.timeout(LIMIT):
        runner = asyncio.create_task(client.run())
        await client.wait_online(LIMIT)
        runner.cancel()
        with pytest.raises(asyncio.CancelledError):
            await runner
        assert await server.close_codes.get() == 1000
        assert not client.online
        assert rec.states[-1] == "offline"

        # Not closed, only stopped: a new run() (a restarted worker) picks up again.
        runner = asyncio.create_task(client.run())
        await client.wait_online(LIMIT)
        assert (await client.request(take(client))).ticket.number == "A001"
        await client.close()
        assert runner.result() is None


async def test_close_from_a_callback_ends_run(server: FakeServer) -> None:
    server.after_welcome = [
        encode(e.DayStarted(day="2025-01-02", at="2025-01-02T00:00:00Z")).decode()
    ]
    client: Client

    async def on_event(frame: Pushed) -> None:
        await client.close()

    client = Client(server.url, HELLO, on_event=on_event)
    async with asyncio.timeout(LIMIT):
        await client.run()  # returns once the callback has closed the client
        assert await server.close_codes.get() == 1000
        assert client.state == "offline"
        with pytest.raises(ClientClosed):
            await client.run()


def test_backoff_grows_with_full_jitter_and_is_capped() -> None:
    initial, cap = 0.2, 5.0
    rng, same = random.Random(1234), random.Random(1234)
    for attempt in range(12):
        ceiling = min(cap, initial * 2**attempt)
        delay = backoff_delay(attempt, initial, cap, rng)
        assert delay == same.uniform(0, ceiling)
        assert 0 <= delay <= ceiling

    rng = random.Random(7)
    worst = [max(backoff_delay(a, initial, cap, rng) for _ in range(200)) for a in range(8)]
    assert worst[0] <= 0.2 < worst[2] <= 0.8 < worst[4] <= 3.2 < worst[5] <= cap
    assert worst[6] <= cap and worst[7] <= cap
    assert 0 <= backoff_delay(10_000, initial, cap, rng) <= cap  # no overflow, ever


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
