"""Guessing clerks' PINs from one counter, over the wire against a real server: the guesser is
slowed down at that counter, and the real clerk still signs in at any other counter."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from server.config import CentreConfig, loads
from server.net import requests
from server.store.clerks import add_clerk, verify_clerk
from tests.conftest import Clock, centre_toml
from tests.server.harness import Peer, Running, device

ANNA_PIN = "480613"
# More PCs at counter 1, so a long attack is not cut short by the per-device request limit.
EXTRA_PCS = ("c1b", "c1c", "c1d")


@pytest.fixture
def config() -> CentreConfig:
    extra = "".join(
        f'\n[[devices]]\nid = "{d}"\nrole = "counter"\ncounter = "1"\n' for d in EXTRA_PCS
    )
    return loads(centre_toml() + extra)


async def _clerks(running: Running) -> None:
    await add_clerk(running.server.store, "anna", "Anna Bērziņa", ANNA_PIN)
    await add_clerk(running.server.store, "ben", "Ben Ozols", "739150")
    running.server.router.clerks_exist = True  # what the server's tick notices


async def _wrong(counter: Peer, clerk: str, times: int) -> None:
    for _ in range(times):
        reply = await counter.request("sign_in", clerk=clerk, pin="000000")
        assert reply["code"] == "wrong_pin", reply


def _pair_locked(minutes: int) -> str:
    return (
        f"Too many wrong PINs for anna at this counter: try again in {minutes} min, "
        "or sign in at another counter."
    )


async def test_five_wrong_pins_at_one_counter_do_not_lock_the_clerk_out_elsewhere(
    running: Running, clock: Clock
) -> None:
    await _clerks(running)
    async with device(running, "c1") as a, device(running, "c2") as b:
        await _wrong(a, "anna", 5)
        locked = await a.request("sign_in", clerk="anna", pin=ANNA_PIN)
        assert (locked["code"], locked["message"]) == ("locked_out", _pair_locked(5))
        # The real anna, at another counter, at once:
        signed = await b.ok("sign_in", clerk="anna", pin=ANNA_PIN)
        assert signed["clerk"] == {"id": "anna", "name": "Anna Bērziņa"}
        # Another clerk at the guessing counter is not locked by anna's lock.
        await a.ok("sign_in", clerk="ben", pin="739150")
        await a.ok("sign_out")
        clock.now += timedelta(minutes=4, seconds=59)
        assert (await a.request("sign_in", clerk="anna", pin=ANNA_PIN))["code"] == "locked_out"
        clock.now += timedelta(seconds=1)
        await b.ok("sign_out")
        # The lock has run out: the right PIN works at the guessing counter too.
        await a.ok("sign_in", clerk="anna", pin=ANNA_PIN)


async def test_each_further_lockout_at_that_counter_lasts_twice_as_long(
    running: Running, clock: Clock
) -> None:
    await _clerks(running)
    for pc, minutes in zip(("c1", *EXTRA_PCS), (5, 10, 20, 40), strict=True):
        async with device(running, pc) as a:
            await _wrong(a, "anna", 5)
            locked = await a.request("sign_in", clerk="anna", pin=ANNA_PIN)
            assert (locked["code"], locked["message"]) == ("locked_out", _pair_locked(minutes))
            clock.now += timedelta(minutes=minutes - 1)
            assert (await a.request("sign_in", clerk="anna", pin="000000"))["code"] == (
                "locked_out"
            )
            # Past the lock, and long enough for the counter's budget to fill up again.
            clock.now += timedelta(hours=6)
    async with device(running, "c1b") as a:
        # A success resets the pair: the next lock is the first again.
        await a.ok("sign_in", clerk="anna", pin=ANNA_PIN)
        await a.ok("sign_out")
        await _wrong(a, "anna", 5)
        locked = await a.request("sign_in", clerk="anna", pin=ANNA_PIN)
        assert locked["message"] == _pair_locked(5)


async def test_rotating_clerk_ids_at_one_counter_spends_its_budget(
    running: Running, clock: Clock
) -> None:
    await _clerks(running)
    async with device(running, "c1") as a, device(running, "c2") as b:
        # Four at a time stays under the per-clerk lock; unknown ids count like known ones.
        for clerk in ("anna", "ben", "zz-nobody"):
            await _wrong(a, clerk, 4 if clerk != "zz-nobody" else 2)
        # Ten wrong PINs: the counter's budget is spent, whichever clerk id comes next.
        for clerk, pin in (("anna", ANNA_PIN), ("ben", "739150"), ("another", "111111")):
            spent = await a.request("sign_in", clerk=clerk, pin=pin)
            assert (spent["code"], spent["message"]) == (
                "locked_out",
                "Too many wrong PINs at this counter: no one can sign in here for 30 min; "
                "sign in at another counter.",
            )
        await b.ok("sign_in", clerk="anna", pin=ANNA_PIN)
        await b.ok("sign_out")
        # One wrong PIN back every 30 minutes.
        clock.now += timedelta(minutes=30)
        await _wrong(a, "someone", 1)
        assert (await a.request("sign_in", clerk="ben", pin="739150"))["code"] == "locked_out"
        clock.now += timedelta(minutes=30)
        await a.ok("sign_in", clerk="ben", pin="739150")


async def test_a_locked_try_never_reaches_scrypt_and_a_manager_sees_one_warning(
    running: Running, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _clerks(running)
    checked: list[str] = []

    async def counting(store: Any, clerk: str, pin: str) -> tuple[str, str] | None:
        checked.append(clerk)
        return await verify_clerk(store, clerk, pin)

    monkeypatch.setattr(requests, "verify_clerk", counting)
    caplog.set_level(logging.WARNING)
    async with device(running, "c1") as a:
        await _wrong(a, "anna", 5)
        for _ in range(10):
            assert (await a.request("sign_in", clerk="anna", pin=ANNA_PIN))["code"] == (
                "locked_out"
            )
    assert len(checked) == 5
    warnings = [r.getMessage() for r in caplog.records if "PIN" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert "counter 1" in warnings[0] and "'anna'" in warnings[0] and "5 min" in warnings[0]
