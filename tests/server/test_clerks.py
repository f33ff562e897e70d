"""Clerks signing in at counters, over the wire."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from server.config import CentreConfig
from server.store.clerks import add_clerk, remove_clerk
from server.store.events import EventStore
from tests.conftest import Clock
from tests.server.harness import Peer, Running, device, start_server


async def test_once_clerks_exist_a_counter_calls_only_with_one_signed_in(running: Running) -> None:
    async with device(running, "k1") as kiosk, device(running, "c2") as counter:
        await kiosk.ok("take_ticket", service="social")
        await kiosk.ok("take_ticket", service="social")
        # No clerks registered yet: the counter opens itself on its first call.
        first = await counter.ok("call_next")
        await counter.ok("finish", ticket=first["ticket"]["number"])

        await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
        running.server.router.clerks_exist = True  # what the server's tick notices
        refused = await counter.request("call_next")
        assert (refused["code"], refused["message"]) == (
            "counter_closed",
            "Counter 2 needs a clerk: sign in first.",
        )
        wrong = await counter.request("sign_in", clerk="anna", pin="0000")
        assert wrong["code"] == "wrong_pin"
        signed = await counter.ok("sign_in", clerk="anna", pin="4821")
        assert signed["clerk"] == {"id": "anna", "name": "Anna Bērziņa"}
        assert (await counter.ok("call_next"))["ticket"]["number"] == "A002"
        await counter.ok("finish", ticket="A002")
        await counter.ok("sign_out")
        assert (await counter.request("call_next"))["code"] == "counter_closed"


async def test_a_resent_id_never_acts_twice_even_after_a_restart(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    """An answer that changed something comes back as it was, also after a restart. One that
    changed nothing is not stored (so a device sending no-op requests cannot grow the
    database): after a restart its re-send is tried again, which cannot act twice."""
    async with start_server(config, db_path, clock) as running:
        async with device(running, "k1") as kiosk:
            took = await kiosk.request("take_ticket", rid="t-1", service="social")
        async with device(running, "c1") as counter:
            refused = await counter.request("finish", rid="f-1", ticket="A001")
    assert took["ticket"]["number"] == "A001"
    assert refused["code"] == "not_your_ticket"
    async with start_server(config, db_path, clock) as running:
        async with device(running, "k1") as kiosk:
            assert await kiosk.request("take_ticket", rid="t-1", service="social") == took
            assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A002"
        async with device(running, "c1") as counter:
            assert (await counter.ok("call_next"))["ticket"]["number"] == "A001"
            again = await counter.request("finish", rid="f-1", ticket="A001")
    assert again["type"] == "ok" and again["ticket"]["status"] == "done"


async def _remove(db_path: Path, clerk: str) -> None:
    """What `rinda clerk remove` does while the server runs: another process writes."""
    async with await EventStore.open(db_path) as cli:
        await remove_clerk(cli, clerk)


async def _closed(counter: Peer, number: str) -> dict[str, Any]:
    async with asyncio.timeout(5):
        while True:
            frame = await counter.event("counter")
            if frame["counter"] == number and frame["status"] == "closed":
                return frame


async def test_a_removed_clerk_is_signed_out_at_once_and_cannot_sign_in_again(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as running:
        for clerk in ("anna", "boris"):
            await add_clerk(running.server.store, clerk, clerk.title(), "4821")
        running.server.router.clerks_exist = True  # what the server's watch notices
        async with device(running, "c1") as c1, device(running, "c2") as c2:
            await c1.ok("sign_in", clerk="anna", pin="4821")
            await c2.ok("sign_in", clerk="boris", pin="4821")
            await _remove(db_path, "anna")
            closed = await _closed(c1, "1")
            assert closed["clerk"] is None
            refused = await c1.request("sign_in", clerk="anna", pin="4821")
            assert refused["code"] == "wrong_pin"
            # Boris, at the next counter, goes on as before.
            assert running.server.owner.centre.state.counters["2"].clerk == "boris"
            assert (await c2.ok("call_next"))["ticket"] is None


async def test_a_removed_clerk_finishes_with_the_visitor_but_calls_nobody_new(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna", "4821")
        running.server.router.clerks_exist = True
        async with device(running, "k1") as kiosk, device(running, "c1") as c1:
            for _ in range(2):
                await kiosk.ok("take_ticket", service="social")
            await c1.ok("sign_in", clerk="anna", pin="4821")
            assert (await c1.ok("call_next"))["ticket"]["number"] == "A001"
            await _remove(db_path, "anna")
            async with asyncio.timeout(5):
                while "anna" not in running.server.router.removed_clerks:
                    await asyncio.sleep(0.05)  # the server's watch looks once a second
            refused = await c1.request("call_next")
            assert refused["code"] == "counter_closed"
            assert "was removed" in refused["message"]
            # The visitor at the counter is not abandoned; once done, the counter closes.
            await c1.ok("finish", ticket="A001")
            await _closed(c1, "1")
            assert running.server.owner.centre.state.tickets["A002"].status == "waiting"
