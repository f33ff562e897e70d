"""The counter rules that live in the server's net layer, over the wire: the PIN lockout and
the automatic sign-out after closing time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from server.config import loads
from server.store.clerks import add_clerk
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, start_server


async def test_wrong_pins_lock_the_clerk_out_at_that_counter_for_a_while(
    running: Running, clock: Clock
) -> None:
    await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
    running.server.router.clerks_exist = True
    async with device(running, "c1") as counter:
        for _ in range(5):
            assert (await counter.request("sign_in", clerk="anna", pin="0000"))["code"] == (
                "wrong_pin"
            )
        locked = await counter.request("sign_in", clerk="anna", pin="4821")
        assert (locked["code"], locked["message"]) == (
            "locked_out",
            "Too many wrong PINs for anna at this counter: try again in 5 min, "
            "or sign in at another counter.",
        )
        assert (await counter.request("call_next"))["code"] == "counter_closed"
        clock.now += timedelta(minutes=5)
        await counter.ok("sign_in", clerk="anna", pin="4821")


async def test_counters_are_signed_out_after_closing_once_their_visitor_is_done(
    db_path: Path,
) -> None:
    # Open 08:00-17:00 Riga (06:00-15:00 UTC); calls stop at 17:00 sharp.
    config = loads(centre_toml(hours='["08:00-17:00"]'))
    clock = Clock(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))
    async with start_server(config, db_path, clock) as running:
        await add_clerk(running.server.store, "anna", "Anna", "1111")
        await add_clerk(running.server.store, "ben", "Ben", "2222")
        running.server.router.clerks_exist = True
        async with (
            device(running, "k1") as kiosk,
            device(running, "c1") as c1,
            device(running, "c2") as c2,
        ):
            await kiosk.ok("take_ticket", service="social")
            await kiosk.ok("take_ticket", service="social")
            await c1.ok("sign_in", clerk="anna", pin="1111")
            await c2.ok("sign_in", clerk="ben", pin="2222")
            await c1.ok("call_next")
            clock.now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
            refused = await c2.request("call_next")
            assert refused["code"] == "centre_closed"
            await running.server.chores.sign_out_after_closing()
            closed = await c2.event("counter")
            while closed["counter"] != "2" or closed["status"] != "open":
                closed = await c2.event("counter")
            closed = await c2.event("counter")
            assert (closed["counter"], closed["status"]) == ("2", "closed")
            # Counter 1 still serves A001: it finishes, then is signed out too.
            state = running.server.owner.centre.state
            assert state.counters["1"].status == "open"
            await c1.ok("finish", ticket="A001")
            await running.server.chores.sign_out_after_closing()
            assert state.counters["1"].status == "closed"


async def test_a_clerk_keeps_their_served_count_across_counters(running: Running) -> None:
    await add_clerk(running.server.store, "anna", "Anna Bērziņa", "4821")
    running.server.router.clerks_exist = True
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
        await kiosk.ok("take_ticket", service="social")
    async with device(running, "c1") as c1:
        await c1.ok("sign_in", clerk="anna", pin="4821")
        for number in ("A001", "A002"):
            await c1.ok("call_next")
            await c1.ok("finish", ticket=number)
        await c1.ok("sign_out")
    async with device(running, "c2") as c2:
        assert c2.welcome["snapshot"]["counter"]["clerk_served_today"] == 0
        await c2.ok("sign_in", clerk="anna", pin="4821")
        opened = await c2.event("counter")
        assert (opened["counter"], opened["served_today"], opened["clerk_served_today"]) == (
            "2",
            0,
            2,
        )
