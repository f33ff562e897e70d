"""The demo's simulated visitors and clerks, against a real server over the wire."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import random
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from server.demo.checks import server_tickets
from server.demo.simulator import Pace, Simulator
from server.protocol.errors import ClientRefused
from server.store.clerks import add_clerk
from server.store.events import EventStore
from server.store.tokens import add_token
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, rinda_serve, start_server

LIMITS = "kiosk_burst = 100000\nkiosk_per_minute = 1000000"
FAST = Pace(speed=200.0)  # a visitor every 40 ms, visits of about 125 ms
SIM_COUNTERS = ("2", "3")  # counter 1 is the human's, as in the demo
DEVICES = {"k1": "kiosk", "c2": "counter", "c3": "counter", "m1": "manager"}


@pytest.fixture
def config() -> CentreConfig:
    """The shared test centre, with a kiosk rate limit a fast simulation never reaches."""
    return loads(centre_toml(limits=LIMITS))


def simulator(
    url: str, tokens: dict[str, str], clerks: dict[str, tuple[str, str]] | None = None
) -> Simulator:
    """Visitors at kiosk k1, clerks at counters 2 and 3, fast and reproducible."""
    counters = {c: tokens[f"c{c}"] for c in SIM_COUNTERS}
    return Simulator(url, tokens["k1"], counters, clerks=clerks, pace=FAST, rng=random.Random(7))


@contextlib.asynccontextmanager
async def running_sim(sim: Simulator) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(sim.run())
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def ticket_views(welcome: dict) -> dict[str, dict]:
    return {t["number"]: t for t in welcome["snapshot"]["tickets"]}


async def test_visitors_are_taken_called_and_served_as_the_server_records(
    running: Running,
) -> None:
    sim = simulator(running.url, running.tokens)
    async with running_sim(sim) as task:
        await sim.wait_for(lambda s: s.served >= 8 and len(s.acknowledged) >= 20, timeout=8)
        assert not task.done()
    # Stopped: the records and the server's state can be compared without a race.
    async with device(running, "m1") as manager:
        views = ticket_views(manager.welcome)

    assert len(set(sim.acknowledged)) == len(sim.acknowledged)  # no number twice
    assert sim.missing(views) == []
    assert set(sim.called_tickets) <= set(views)
    done = {n for n, t in views.items() if t["status"] == "done"}
    assert set(sim.served_tickets) <= done
    # Besides what it was told: at most one finish per counter cut off by the cancel.
    assert len(done) - sim.served <= len(SIM_COUNTERS)
    # Only the simulated counters called; counter 1 stays the human's.
    assert {t["counter"] for t in views.values()} <= {None, *SIM_COUNTERS}
    # Visitors of both services came, some with a priority.
    assert {t["service"] for t in views.values()} == {"social", "tax"}
    assert any(t["priority"] for t in views.values())


async def test_clerks_sign_in_before_they_call(running: Running) -> None:
    for clerk in ("anna", "olga"):
        await add_clerk(running.server.store, clerk, clerk.title(), "4821")
    running.server.router.clerks_exist = True  # what the server's tick notices
    clerks = {"2": ("anna", "4821"), "3": ("olga", "4821")}
    sim = simulator(running.url, running.tokens, clerks=clerks)
    async with running_sim(sim):
        await sim.wait_for(lambda s: s.served >= 2, timeout=8)
    async with device(running, "m1") as manager:
        counters = {c["id"]: c for c in manager.welcome["snapshot"]["counters"]}
    seen = (counters, dict(sim.refusals))  # said on a failure: what the server and sim saw
    assert counters["2"]["clerk"] == "anna", seen
    assert counters["3"]["clerk"] == "olga", seen
    assert counters["1"]["status"] == "closed", seen
    assert sim.refusals["counter_closed"] == 0, seen


async def test_a_clerk_carries_on_with_the_visitor_already_at_the_counter(
    running: Running,
) -> None:
    async with device(running, "k1") as kiosk, device(running, "c2") as counter:
        number = (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
        await counter.ok("call_next")
    # A simulator started afresh (e.g. after the demo restarted) finds the visitor there.
    sim = Simulator(running.url, None, {"2": running.tokens["c2"]}, pace=FAST)
    async with running_sim(sim):
        await sim.wait_for(lambda s: s.served >= 1, timeout=8)
    assert sim.served_tickets == [number]
    assert sim.refusals == {}


async def test_rate_limited_visitors_wait_and_nothing_is_issued_twice(
    db_path: Path, clock: Clock
) -> None:
    strict = loads(centre_toml(limits="kiosk_burst = 2\nkiosk_per_minute = 1"))
    async with start_server(strict, db_path, clock) as srv:
        sim = Simulator(srv.url, srv.tokens["k1"], {}, pace=FAST)
        async with running_sim(sim) as task:
            await sim.wait_for(lambda s: s.refusals["rate_limited"] >= 1, timeout=8)
            assert not task.done()
            async with device(srv, "m1") as manager:
                views = ticket_views(manager.welcome)
    assert len(views) == 2
    assert sorted(sim.acknowledged) == sorted(views)


async def test_a_bad_token_ends_run_with_the_refusal(running: Running) -> None:
    sim = Simulator(running.url, "not-a-token", {}, pace=FAST)
    with pytest.raises(ClientRefused) as refused:
        async with asyncio.timeout(8):
            await sim.run()
    assert refused.value.code == "unauthorized"


async def test_cancelling_run_closes_every_link(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="asyncio")
    sim = simulator(running.url, running.tokens)
    task = asyncio.create_task(sim.run())
    await sim.wait_for(lambda s: s.called >= 1, timeout=8)
    assert running.server.hub.count() == 3  # the kiosk and two counters
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The server sees every link go (it has no event for that: watch its hub).
    async with asyncio.timeout(5):
        while running.server.hub.count():
            await asyncio.sleep(0.01)
    async with device(running, "m1") as manager:
        views = ticket_views(manager.welcome)
    # At most one ticket was committed while its answer was being cancelled.
    assert set(sim.acknowledged) <= set(views)
    assert len(views) - len(sim.acknowledged) <= 1
    gc.collect()  # a pending task left behind would be reported now
    assert not [r for r in caplog.records if r.name == "asyncio"], caplog.records


async def test_survives_a_sigkilled_server_and_loses_no_acknowledged_ticket(
    tmp_path: Path,
) -> None:
    config_file = tmp_path / "centre.toml"
    config_file.write_text(centre_toml(limits=LIMITS), encoding="utf-8")
    db = tmp_path / "rinda.db"
    store = await EventStore.open(db)
    tokens = {d: await add_token(store, r, d) for d, r in DEVICES.items()}
    await store.close()

    async with rinda_serve(config_file, db) as (proc, ready):
        sim = simulator(ready["url"], tokens)
        async with running_sim(sim) as task:
            await sim.wait_for(lambda s: s.served >= 3 and len(s.acknowledged) >= 10, timeout=8)
            os.kill(proc.pid, signal.SIGKILL)
            await proc.wait()
            before = (len(sim.acknowledged), sim.served)
            # Same port and database, as the drill does; a repeated --port overrides the 0.
            async with rinda_serve(config_file, db, "--port", str(ready["port"])) as (_, again):
                assert again["url"] == ready["url"]
                await sim.wait_for(
                    lambda s: len(s.acknowledged) >= before[0] + 10 and s.served >= before[1] + 3,
                    timeout=8,
                )
                assert not task.done()
                # Read what was acknowledged BEFORE asking: the simulator carries on meanwhile.
                acknowledged, served = list(sim.acknowledged), list(sim.served_tickets)
                known = await server_tickets(again["url"], tokens["m1"])
                assert await sim.missing_on_server() == []
    assert [n for n in acknowledged if n not in known] == []
    assert len(set(sim.acknowledged)) == len(sim.acknowledged)
    assert {known[n] for n in served} == {"done"}
