"""Text from the wire or the config is shown as typed, never read as Textual markup: a transfer
note `[/b]` once crashed the receiving counter (and again on every restart, since the visitor
comes back), and `[@click=app.quit]x[/]` was a link that quit the app. Service, priority and
counter names, clerk names and pause reasons go the same way."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from counter.app import CounterApp
from server.config import loads
from server.store.clerks import add_clerk
from tests.conftest import Clock, centre_toml
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.server.harness import Running, device, start_server
from tests.ui import painted, showing, until

BREAKS = "[/b]"  # a closing tag with nothing open: a MarkupError
CLICKS = "[@click=app.quit]x[/]"  # a link to an action


async def transfer_to_counter_3(running: Running, *notes: str) -> None:
    """Visitors of counter 2's service, each sent on to counter 3's (tax) with a note, over
    the wire as any counter would; one clerk at counter 2, another for counter 3."""
    await register_clerk(running)
    await add_clerk(running.server.store, "olga", "Olga Petrova", "1111")
    async with device(running, "k1") as kiosk:
        for _ in notes:
            await kiosk.ok("take_ticket", service="social")
    async with device(running, "c2") as desk:
        await desk.ok("sign_in", clerk="anna", pin="4821")
        for note in notes:
            reply = await desk.ok("call_next")
            number = reply["ticket"]["number"]
            await desk.ok("transfer", ticket=number, service="tax", note=note)


async def call_as_olga(app: CounterApp, pilot: Pilot[None]) -> None:
    """Sign in at counter 3 and call its next visitor (the one transferred to it)."""
    await sign_in(pilot, "olga", "1111")
    await until(pilot, lambda: app.model.signed_in)
    await pilot.press("f2")
    await until(pilot, lambda: app.model.current is not None)


async def test_a_note_that_looks_like_markup_is_shown_as_typed_also_after_a_restart(
    running: Running, clock: Clock
) -> None:
    await transfer_to_counter_3(running, BREAKS)
    app = counter_app(running, counter="3", clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await call_as_olga(app, pilot)
        assert app.model.current is not None and app.model.current.note == BREAKS
        await showing(pilot, f"Note: {BREAKS}")
        assert app.return_code is None  # still running
    # The app restarted: the same visitor comes back, note and all.
    again = counter_app(running, counter="3", clock=clock)
    async with again.run_test(size=(120, 32)) as pilot:
        await until(pilot, lambda: again.model.current is not None)
        await showing(pilot, f"Note: {BREAKS}")
        await pilot.press("f5")
        await until(pilot, lambda: again.model.current is None)


async def test_a_note_that_looks_like_a_link_does_nothing_when_clicked(
    running: Running, clock: Clock
) -> None:
    await transfer_to_counter_3(running, CLICKS)
    app = counter_app(running, counter="3", clock=clock)
    async with app.run_test(size=(120, 32)) as pilot:
        await call_as_olga(app, pilot)
        lines = await showing(pilot, "Note: ")
        # Every cell of the note as drawn, whatever it shows: nothing there is a link.
        y = next(y for y, line in enumerate(lines) if "Note: " in line)
        x = lines[y].index("Note: ") + len("Note: ")
        for dx in range(len(CLICKS)):
            await pilot.click(offset=(x + dx, y))
        assert app.return_code is None, "the note quit the app"
        assert f"Note: {CLICKS}" in lines[y]
        # Still at work: the clerk finishes this visitor.
        await pilot.press("f5")
        await until(pilot, lambda: app.model.current is None)
        await showing(pilot, "A001 done.")


HOSTILE = {
    'en = "Taxes"': 'en = "[b]Taxes[/b] [/i]"',
    'en = "Seniors"': 'en = "Seniors [@click=app.quit]x[/]"',
    'name = "3"': 'name = "[/b]3"',
}


async def test_names_and_reasons_that_look_like_markup_are_shown_as_typed(
    db_path: Path, clock: Clock
) -> None:
    toml = centre_toml()
    for plain, hostile in HOSTILE.items():
        toml = toml.replace(plain, hostile)
    async with start_server(loads(toml), db_path, clock) as running:
        await register_clerk(running)
        await add_clerk(running.server.store, "olga", "[b]Olga[/b] [/u]", "1111")
        async with device(running, "k1") as kiosk:
            await kiosk.ok("take_ticket", service="tax", priority="senior")
        app = counter_app(running, counter="3", clock=clock)
        async with app.run_test(size=(120, 32)) as pilot:
            await showing(pilot, "counter [/b]3")
            await sign_in(pilot, "olga", "1111")
            await until(pilot, lambda: app.model.signed_in)
            lines = await showing(pilot, "Clerk: [b]Olga[/b] [/u]")
            assert any("[b]Taxes[/b] [/i]: 1 waiting" in line for line in lines), lines
            await pilot.press("f2")
            await until(pilot, lambda: app.model.current is not None)
            lines = await showing(pilot, "Service: [b]Taxes[/b] [/i]")
            assert any("Priority: Seniors [@click=app.quit]x[/]" in line for line in lines)
            # The transfer dialog lists the services by name.
            await pilot.press("f7")
            await showing(pilot, "Transfer B001 to")
            assert any("[b]Taxes[/b] [/i]" in line for line in painted(app))
            await pilot.press("escape")
            await pilot.press("f5")
            await until(pilot, lambda: app.model.current is None)
            # A pause reason from another client of this counter (the wire allows any text).
            async with device(running, "c3") as other:
                await other.ok("pause", reason="[/b] [@click=app.quit]x[/]")
            await until(pilot, lambda: app.model.status == "paused")
            await showing(pilot, "Paused ([/b] [@click=app.quit]x[/]).")
            assert app.return_code is None  # still running
