"""What the clerk sees when something goes wrong: a stale action and a transfer to a closed
service each get one clear sentence and change nothing; a lost connection or a restarted
app comes back to the same visitor."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter.app import CounterApp
from server.config import CentreConfig, loads
from server.net.app import RindaServer
from tests.conftest import Clock, centre_toml
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device, start_server
from tests.ui import showing, until


async def test_a_stale_finish_says_so_and_changes_nothing(running: Running, clock: Clock) -> None:
    await register_clerk(running)
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="social")
    app = counter_app(running, clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: app.model.signed_in)
        await pilot.press("f2")
        await until(pilot, lambda: app.model.current is not None)
        # Someone else finishes A001 on this counter's behalf (a second terminal).
        async with device(running, "c1") as other:
            await other.ok("finish", ticket="A001")
        before = running.server.owner.seq
        await pilot.press("f5")
        await showing(pilot, "That ticket is not at this counter any more.")
        assert app.model.current is None
        assert running.server.owner.seq == before


async def test_a_transfer_to_a_closed_service_is_refused_and_closing_signs_out(
    db_path: Path,
) -> None:
    # Open until 17:00 Riga; services stop issuing 15 min before, so at 16:50 no service
    # takes transfers while the counter may still serve.
    clock = Clock(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))
    config = loads(centre_toml(hours='["08:00-17:00"]'))
    async with start_server(config, db_path, clock) as running:
        await register_clerk(running)
        async with device(running, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="social")
        app = counter_app(running, clock=clock)
        async with app.run_test(size=(120, 32)) as pilot:
            await sign_in(pilot)
            await until(pilot, lambda: app.model.signed_in)
            await pilot.press("f2")
            await until(pilot, lambda: app.model.current is not None)
            clock.now += timedelta(minutes=50)
            await pilot.press("f7", "down", "tab", "tab", "enter")
            await showing(pilot, "That service is closed now: pick another one.")
            assert app.model.current is not None and app.model.current.number == "A001"
            assert running.server.owner.centre.state.counters["1"].ticket == "A001"
            # Closing time: the clerk finishes, and the counter is signed out on its own.
            clock.now += timedelta(minutes=11)
            await pilot.press("f5")
            await until(pilot, lambda: app.model.current is None)
            await running.server.chores.sign_out_after_closing()
            await showing(pilot, "Sign in at counter 1")


async def test_reconnect_and_restart_find_the_same_visitor(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as running:
        port = running.port
        await register_clerk(running)
        async with device(running, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="social", priority="senior")
        app = counter_app(running, clock=clock)
        async with app.run_test(size=(120, 32)) as pilot:
            await sign_in(pilot)
            await until(pilot, lambda: app.model.signed_in)
            await pilot.press("f2")
            await until(pilot, lambda: app.model.current is not None)
            await running.server.close()
            await until(pilot, lambda: app.model.link != "online")
            # The server comes back on the same port with the same log.
            again = RindaServer(config, db_path, clock=clock)
            await again.start("127.0.0.1", port)
            try:
                # Forget it: only the new snapshot may bring it back.
                app.model = replace(app.model, current=None)
                await until(
                    pilot, lambda: app.model.link == "online" and app.model.current is not None
                )
                assert app.model.current.number == "A001"
                assert app.model.signed_in
            finally:
                await again.close()
    # A fresh app (the old one crashed) on a fresh server process: straight to the visitor.
    async with start_server(config, db_path, clock) as running:
        app = counter_app(running, clock=clock)
        async with app.run_test(size=(120, 32)) as pilot:
            await until(pilot, lambda: app.model.current is not None)
            assert app.model.signed_in
            assert app.model.current.number == "A001"
            assert app.model.current.priority == "senior"


async def test_a_wrong_device_token_is_shown_not_retried(running: Running) -> None:
    app = CounterApp(running.url, "not-a-token", "1", lang="en")
    async with app.run_test(size=(120, 32)) as pilot:
        await showing(pilot, "The server refused this counter:")
        assert not app.model.signed_in
    assert app.refusal.startswith("The server refused this counter:")


async def test_calling_a_number_this_counter_does_not_serve_says_so(
    running: Running, clock: Clock
) -> None:
    await register_clerk(running)
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="tax")
    app = counter_app(running, counter="2", clock=clock)  # serves only social services
    async with app.run_test(size=(120, 32)) as pilot:
        await sign_in(pilot)
        await until(pilot, lambda: app.model.signed_in)
        await pilot.press("f8", *"b001", "enter")
        await showing(pilot, "B001 is for Taxes, which this counter does not serve.")
        assert app.model.current is None
