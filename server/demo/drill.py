"""`rinda drill`: SIGKILL the server in the middle of a busy day, start it again, and show that
every device comes back by itself and no acknowledged ticket was lost.

It never touches a centre's real database. It runs the demo centre in a folder of its own with
the programs a centre runs — `rinda serve`, and the real kiosk, display, counter, manager and
window display apps, each
in a pseudo-terminal whose screen the drill reads — while the simulator's visitors take tickets
and its clerks serve them at counters 2-5 and 7. The drill itself is one visitor at the kiosk
and the clerk at counter 1.

"Back" is read off each app's screen, in Latvian (the display is kept from cycling languages),
timed from the moment the restarted server listens:
- kiosk: its offline screen is gone and the language choice is up again;
- display: the "reconnecting" badge is gone and it shows the visitor counter 1 called;
- window (the window display above counter 1): likewise, that visitor's number;
- counter: the "no connection" line is gone and that visitor is still its current one.
"Nothing lost": every ticket the server had before the kill, and every ticket the simulator was
told it has, is in the restarted server's day (a manager's snapshot lists them all).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from display import font
from server.demo.apps import app_commands
from server.demo.centre import (
    CLERK_PIN,
    HUMAN_COUNTER,
    SIMULATED_STAFF,
    DemoCentre,
    free_port,
    prepare,
)
from server.demo.checks import manager_snapshot
from server.demo.server_process import ServerProcess
from server.demo.simulator import Pace, Simulator
from server.demo.terminal import Terminal, key_bytes, mouse_bytes
from server.i18n import Catalog
from server.protocol.welcome import ManagerSnapshot

RECONNECT_LIMIT_S = 3.0  # the requirement, from the server listening again
SCREEN = (120, 40)
STEP_TIMEOUT_S = 30.0  # one step of the set-up (apps start in ~1 s; CI machines are slower)
BACK_TIMEOUT_S = 15.0  # waiting for an app to come back; past the limit it is reported, not hung
LANG = "lv"
# The simulated clerks: the demo's but for counter 6, so that employment (counters 1 and 6),
# the drill's own visitor's service, waits for counter 1 alone and no clerk can call it first.
DRILL_STAFF = [c for c in SIMULATED_STAFF if c != "6"]


@dataclass
class DrillReport:
    tickets_before: int = 0  # tickets the server had at the kill
    acknowledged: int = 0  # tickets the simulator was told about, before and after
    missing: list[str] = field(default_factory=list)
    counter_ticket: str = ""  # the visitor at counter 1 when the server died
    back_after_s: dict[str, float | None] = field(default_factory=dict)  # None: never came back

    @property
    def ok(self) -> bool:
        return not self.missing and all(
            s is not None and s <= RECONNECT_LIMIT_S for s in self.back_after_s.values()
        )

    def describe(self) -> str:
        def took(s: float | None) -> str:
            return f"not back within {BACK_TIMEOUT_S:.0f} s" if s is None else f"{s:.2f} s"

        lines = [f"  {app:<8} back after {took(s)}" for app, s in self.back_after_s.items()] + [
            f"  tickets  {self.tickets_before} on the server at the kill, "
            f"{self.acknowledged} acknowledged to the simulated kiosk; "
            + (f"MISSING: {', '.join(self.missing)}" if self.missing else "none missing"),
            f"  counter 1 still serves {self.counter_ticket}",
            ("PASSED" if self.ok else "FAILED")
            + f" (limit: every app back within {RECONNECT_LIMIT_S:.0f} s, nothing lost)",
        ]
        return "\n".join(lines)


class Texts:
    """The on-screen sentences the drill looks for, from the apps' own catalogs."""

    def __init__(self) -> None:
        kiosk, display, counter = Catalog("kiosk"), Catalog("display"), Catalog("counter")
        self.kiosk_start = kiosk.t(LANG, "start.language_name")
        self.kiosk_offline = kiosk.t(LANG, "offline.title")
        self.display_reconnecting = display.t(LANG, "reconnecting")
        self.counter_sign_in = counter.t(LANG, "sign_in.title", counter=HUMAN_COUNTER)
        self.counter_clerk = counter.t(LANG, "sign_in.clerk")
        self.counter_pin = counter.t(LANG, "sign_in.pin")
        self.counter_signed_in = counter.t(LANG, "serving.clerk", name="Demo")
        self.counter_offline = counter.t(LANG, "app.offline")
        self.priority_no = kiosk.t(LANG, "priority.no")
        self.kiosk_ticket = kiosk.t(LANG, "ticket.your_number")
        self.counter_called = counter.t(LANG, "serving.ticket_called")
        # Employment: counters 1 and 6, and the drill's simulator staffs neither.
        self.own_service = "Bezdarbnieka statuss"


class DrillError(RuntimeError):
    """The drill could not set up what it was to test (not a failed drill: a broken one)."""


def tap(terminal: Terminal, label: str) -> None:
    """A finger on `label` (its first occurrence on the screen): press and release."""
    for y, line in enumerate(terminal.lines()):
        x = line.find(label)
        if x >= 0:
            x += len(label) // 2
            terminal.write(mouse_bytes("down", 1, x, y) + mouse_bytes("up", 1, x, y))
            return
    raise DrillError(f"{label!r} is not on the screen:\n{terminal.text()}")


def _block_rows(lines: list[str], text: str) -> Iterator[bool]:
    for scale in range(1, 8):
        rows = [r.rstrip() for r in font.render(text, scale)]
        for y in range(len(lines) - len(rows) + 1):
            x = lines[y].find(rows[0])
            while x >= 0:
                yield all(lines[y + i][x : x + len(r)] == r for i, r in enumerate(rows))
                x = lines[y].find(rows[0], x + 1)


def display_shows(lines: list[str], ticket: str) -> bool:
    """True if the display's screen shows `ticket`: in its history as text, or as the newest
    call in block letters."""
    return any(ticket in line for line in lines) or any(_block_rows(lines, ticket))


async def snapshot(centre: DemoCentre) -> ManagerSnapshot:
    """A manager's view of the day: every ticket, and each counter's current visitor."""
    return await manager_snapshot(centre.url, centre.tokens["manager-1"], timeout=STEP_TIMEOUT_S)


def _counter_ticket(snap: ManagerSnapshot) -> str | None:
    counter = next(c for c in snap.counters if c.id == HUMAN_COUNTER)
    return counter.ticket or None


@asynccontextmanager
async def _apps(centre: DemoCentre) -> Any:
    terminals: dict[str, Terminal] = {}
    for app in app_commands(centre, sound=False):
        # Labels stay in one language, so the drill reads what it expects at any moment.
        argv = [*app.argv, "--cycle", "0"] if app.name in ("display", "window") else app.argv
        terminals[app.name] = Terminal(argv, columns=SCREEN[0], lines=SCREEN[1], env=app.env)
    try:
        for terminal in terminals.values():
            await terminal.start()
        yield terminals
    finally:
        for terminal in terminals.values():
            await terminal.stop()


async def _busy(simulator: Simulator, tickets: int) -> None:
    """Until the simulated kiosk has been given `tickets` tickets in all."""
    try:
        await simulator.wait_for(lambda s: len(s.acknowledged) >= tickets, 2 * STEP_TIMEOUT_S)
    except TimeoutError:
        raise DrillError(
            f"the simulated kiosk got {len(simulator.acknowledged)} tickets, not {tickets}, "
            f"in {2 * STEP_TIMEOUT_S:.0f} s"
        ) from None


async def _timed(terminal: Terminal, done: Callable[[list[str]], bool], t0: float) -> float | None:
    try:
        await terminal.wait_for(lambda _: done(terminal.lines()), BACK_TIMEOUT_S)
    except TimeoutError:
        return None
    return time.monotonic() - t0


async def run_drill(
    folder: Path, *, visitors: int = 4, say: Callable[[str], None] = print
) -> DrillReport:
    """The whole drill in `folder`; the simulator takes `visitors` tickets before the kill."""
    texts = Texts()
    report = DrillReport()
    centre = await prepare(folder, free_port())
    server = ServerProcess(centre)
    await server.start()
    # Lively but below the simulated kiosk's rate limit (30 tickets a minute).
    simulator = centre.simulator(Pace(speed=2.0), counters=DRILL_STAFF)
    sim = asyncio.create_task(simulator.run())
    try:
        async with _apps(centre) as apps:
            kiosk, display, counter = apps["kiosk"], apps["display"], apps["counter"]
            window = apps["window"]
            say(f"drill: server on {centre.url}; kiosk, display and counter 1 started")
            await kiosk.wait_for(texts.kiosk_start, STEP_TIMEOUT_S)
            await counter.wait_for(texts.counter_sign_in, STEP_TIMEOUT_S)
            # Each field tapped, then typed into: text arriving in one read with an Enter
            # before it would reach the app as a paste.
            for placeholder, typed, shown in (
                (texts.counter_clerk, "demo", "demo"),
                (texts.counter_pin, CLERK_PIN, "•" * len(CLERK_PIN)),
            ):
                await counter.wait_for(placeholder, STEP_TIMEOUT_S)  # painted, not just begun
                tap(counter, placeholder)
                counter.write(typed.encode())
                await counter.wait_for(shown, STEP_TIMEOUT_S)
            counter.write(b"\r")
            await counter.wait_for(texts.counter_signed_in, STEP_TIMEOUT_S)
            await _busy(simulator, visitors)

            # A visitor of our own, tapping the kiosk, for a service no simulated clerk
            # serves: counter 1 is then sure to have someone to call.
            for label in (texts.kiosk_start, texts.own_service, texts.priority_no):
                await kiosk.wait_for(label, STEP_TIMEOUT_S)
                tap(kiosk, label)
            await kiosk.wait_for(texts.kiosk_ticket, STEP_TIMEOUT_S)
            counter.write(key_bytes("f2", None) or b"")
            await counter.wait_for(texts.counter_called, STEP_TIMEOUT_S)
            ticket = _counter_ticket(await snapshot(centre))
            if ticket is None:
                raise DrillError("counter 1 shows a called visitor the server does not know")
            report.counter_ticket = ticket
            await counter.wait_for(ticket, STEP_TIMEOUT_S)
            await display.wait_for(lambda _: display_shows(display.lines(), ticket), STEP_TIMEOUT_S)
            await window.wait_for(lambda _: display_shows(window.lines(), ticket), STEP_TIMEOUT_S)

            before = await snapshot(centre)
            say(f"drill: {len(before.tickets)} tickets, counter 1 serves {ticket}: SIGKILL")
            server.kill()
            await server.wait()
            await kiosk.wait_for(texts.kiosk_offline, STEP_TIMEOUT_S)
            await display.wait_for(texts.display_reconnecting, STEP_TIMEOUT_S)
            await window.wait_for(texts.display_reconnecting, STEP_TIMEOUT_S)
            await counter.wait_for(texts.counter_offline, STEP_TIMEOUT_S)
            say("drill: every app noticed; restarting the server")

            await server.start()
            t0 = time.monotonic()
            kiosk_back = _timed(
                kiosk,
                lambda s: (
                    texts.kiosk_offline not in "\n".join(s) and texts.kiosk_start in "\n".join(s)
                ),
                t0,
            )
            display_back = _timed(
                display,
                lambda s: (
                    texts.display_reconnecting not in "\n".join(s) and display_shows(s, ticket)
                ),
                t0,
            )
            window_back = _timed(
                window,
                lambda s: (
                    texts.display_reconnecting not in "\n".join(s) and display_shows(s, ticket)
                ),
                t0,
            )
            counter_back = _timed(
                counter,
                lambda s: texts.counter_offline not in "\n".join(s) and ticket in "\n".join(s),
                t0,
            )
            times = await asyncio.gather(kiosk_back, display_back, window_back, counter_back)
            apps_back = ("kiosk", "display", "window", "counter")
            report.back_after_s = dict(zip(apps_back, times, strict=True))

            # The simulated kiosk is served again, then everything it was told is checked.
            await _busy(simulator, len(simulator.acknowledged) + 1)
            acknowledged = list(simulator.acknowledged)
            after = {t.number for t in (await snapshot(centre)).tickets}
            expected = {t.number for t in before.tickets} | set(acknowledged)
            report.tickets_before = len(before.tickets)
            report.acknowledged = len(acknowledged)
            report.missing = sorted(expected - after)
    finally:
        sim.cancel()
        await asyncio.gather(sim, return_exceptions=True)
        await server.stop()
    return report


async def main(folder: Path | None) -> int:
    """`rinda drill`: run it in `folder` (default: a temporary one), print the report."""
    # The drill's own report is what matters here; its devices' reconnect chatter is not.
    logging.getLogger("rinda").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="rinda-drill-") as tmp:
        try:
            report = await run_drill(folder or Path(tmp))
        except (DrillError, TimeoutError) as e:
            print(f"rinda drill: could not run the drill: {e}", file=sys.stderr)
            return 2
    print(report.describe())
    return 0 if report.ok else 1
