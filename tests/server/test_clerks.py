"""Clerks signing in at counters, over the wire."""

from __future__ import annotations

from pathlib import Path

from server.config import CentreConfig
from server.store.clerks import add_clerk
from tests.conftest import Clock
from tests.server.harness import Running, device, start_server


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
