"""DemoApp: the real kiosk, display and counter apps in panes, against a real server process.

What someone trying `rinda demo` does: takes a ticket by clicking the kiosk, sees it waiting on
the display, signs in at the counter, calls it with F2 and sees it called on the display.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from server.config import load_default
from server.demo.app import DemoApp
from server.demo.centre import CLERK_PIN, HUMAN_COUNTER, DemoCentre, free_port, prepare
from server.demo.drill import Texts, display_shows, snapshot
from server.demo.pane import TerminalPane
from server.demo.server_process import ServerProcess
from server.demo.simulator import Pace
from server.i18n import LANGS, Catalog
from tests.demo.display_table import waiting
from tests.ui import painted, showing, until

TIMEOUT = 30.0  # one wait; the child apps start in ~1 s, slower on a busy CI machine
TEXTS = Texts()
# The window display's word for a closed counter, in whichever language it shows now.
CLOSED = [Catalog("display").t(lang, "window.closed") for lang in LANGS]
MANAGER = Catalog("manager")
MANAGER_COUNTERS = MANAGER.t("lv", "counters.title")
MANAGER_CALLED = MANAGER.t("lv", "counters.state.called")
SERVICE = "Pensijas un sociālās apdrošināšanas pabalsti"  # service A, the kiosk's first


@pytest.fixture
async def centre(tmp_path: Path) -> AsyncIterator[DemoCentre]:
    """The demo centre with its `rinda serve` running; stopped after the test."""
    centre = await prepare(tmp_path / "centre", free_port())
    server = ServerProcess(centre)
    await server.start()
    try:
        yield centre
    finally:
        await server.stop()


def panes(app: DemoApp) -> tuple[TerminalPane, TerminalPane, TerminalPane]:
    return (
        app.query_one("#kiosk", TerminalPane),
        app.query_one("#display", TerminalPane),
        app.query_one("#counter", TerminalPane),
    )


async def screen_shows(pane: TerminalPane, check: Callable[[list[str]], bool]) -> None:
    await pane.terminal.wait_for(lambda _: check(pane.terminal.lines()), TIMEOUT)


async def all_up(app: DemoApp) -> None:
    """Until each app shows its first screen, the display with the centre's live queue."""
    kiosk, display, counter = panes(app)
    await asyncio.gather(
        kiosk.terminal.wait_for(TEXTS.kiosk_start, TIMEOUT),
        counter.terminal.wait_for(TEXTS.counter_sign_in, TIMEOUT),
        screen_shows(display, lambda lines: waiting(lines) == 0),
    )


async def click(pilot: Pilot[None], pane: TerminalPane, label: str) -> None:
    """A click on the middle of `label` (its first occurrence) in the pane's app."""
    for y, line in enumerate(pane.terminal.lines()):
        x = line.find(label)
        if x >= 0:
            # The pane's border takes one cell on each side.
            await pilot.click(pane, offset=(x + len(label) // 2 + 1, y + 1))
            return
    raise AssertionError(f"{label!r} is not in the {pane.id} pane:\n{pane.terminal.text()}")


async def click_when_shown(pilot: Pilot[None], pane: TerminalPane, label: str) -> None:
    await pane.terminal.wait_for(label, TIMEOUT)
    await click(pilot, pane, label)


def drawn(pane: TerminalPane) -> list[str]:
    """What the host draws in the pane: the child's screen as the person sees it."""
    return [pane.render_line(y).text for y in range(pane.content_size.height)]


def alive_in_group(pgid: int) -> list[int]:
    """Processes (not zombies) whose process group is `pgid`: a pane's child and its own."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        state, _ppid, group = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state != "Z":
            alive.append(int(entry.name))
    return alive


async def test_side_by_side_a_ticket_taken_on_the_kiosk_is_waiting_then_called(centre):
    app = DemoApp(centre, sound=False)
    async with app.run_test(size=(200, 50)) as pilot:
        kiosk, display, counter = panes(app)
        # Kiosk over counter on the left, the display on the right; the kiosk has the keys.
        assert not app.query(TabbedContent)
        assert kiosk.region.x == counter.region.x < display.region.x
        assert kiosk.region.bottom <= counter.region.y
        assert display.region.x >= kiosk.region.right
        assert display.region.height > kiosk.region.height
        assert app.focused is kiosk
        await all_up(app)

        # A visitor taps through the kiosk: the language, the service, no priority.
        for label in (TEXTS.kiosk_start, SERVICE, TEXTS.priority_no):
            await click_when_shown(pilot, kiosk, label)
        await kiosk.terminal.wait_for(TEXTS.kiosk_ticket, TIMEOUT)
        (ticket,) = [t.number for t in (await snapshot(centre)).tickets]
        await kiosk.terminal.wait_for(ticket, TIMEOUT)
        await screen_shows(display, lambda lines: waiting(lines) == 1)

        # The clerk signs in at counter 1, field by field (text typed in one burst right
        # after an Enter would reach the app as a paste), and calls the next with F2.
        await click_when_shown(pilot, counter, TEXTS.counter_clerk)
        assert app.focused is counter
        await pilot.press(*"demo")
        await counter.terminal.wait_for("demo", TIMEOUT)
        await click(pilot, counter, TEXTS.counter_pin)
        await pilot.press(*CLERK_PIN)
        await counter.terminal.wait_for("•" * len(CLERK_PIN), TIMEOUT)
        await pilot.press("enter")
        await counter.terminal.wait_for(TEXTS.counter_signed_in, TIMEOUT)
        await pilot.press("f2")

        await counter.terminal.wait_for(TEXTS.counter_called, TIMEOUT)
        await counter.terminal.wait_for(ticket, TIMEOUT)
        await screen_shows(display, lambda lines: display_shows(lines, ticket))
        await screen_shows(display, lambda lines: waiting(lines) == 0)
        await until(pilot, lambda: display_shows(drawn(display), ticket), what="drawn")
        # The window display above counter 1, under the display, shows the number very large.
        window = app.query_one("#window", TerminalPane)
        assert window.region.x == display.region.x and window.region.y >= display.region.bottom
        await screen_shows(window, lambda lines: display_shows(lines, ticket))
        counters = (await snapshot(centre)).counters
        assert next(c for c in counters if c.id == HUMAN_COUNTER).ticket == ticket

        # Ctrl+N goes on to the display, the window display, then the manager, in the apps'
        # place: its floor shows the call at counter 1.
        manager = app.query_one("#manager", TerminalPane)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        assert app.focused is manager
        await until(pilot, lambda: manager.region.height > 0 and not kiosk.region.height)
        await screen_shows(manager, lambda lines: any(ticket in line for line in lines))
        assert MANAGER_CALLED in manager.terminal.text()
        await pilot.press("ctrl+n")
        assert app.focused is kiosk
        await until(pilot, lambda: kiosk.region.height > 0 and not manager.region.height)


async def test_on_a_small_terminal_the_apps_are_tabs_and_ctrl_n_goes_to_the_next(centre):
    app = DemoApp(centre, sound=False)
    async with app.run_test(size=(100, 30)) as pilot:
        kiosk, display, counter = panes(app)
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "tab-kiosk"
        assert app.focused is kiosk
        await kiosk.terminal.wait_for(TEXTS.kiosk_start, TIMEOUT)
        # The apps in the tabs not shown yet run too (a display must announce calls anyway).
        await display.terminal.wait_for(lambda t: "Ogre" in t or "Огрского" in t, TIMEOUT)
        await counter.terminal.wait_for(TEXTS.counter_sign_in, TIMEOUT)

        await pilot.press("ctrl+n")
        assert (tabs.active, app.focused) == ("tab-display", display)
        await screen_shows(display, lambda lines: waiting(lines) == 0)

        await pilot.press("ctrl+n")
        assert (tabs.active, app.focused) == ("tab-counter", counter)
        await counter.terminal.wait_for(TEXTS.counter_sign_in, TIMEOUT)
        # Keys go to the app in the tab shown: the clerk types into the counter.
        await click_when_shown(pilot, counter, TEXTS.counter_clerk)
        await pilot.press(*"demo")
        await counter.terminal.wait_for("demo", TIMEOUT)

        # The manager's floor is the fourth tab.
        await pilot.press("ctrl+n")
        manager = app.query_one("#manager", TerminalPane)
        assert (tabs.active, app.focused) == ("tab-manager", manager)
        await manager.terminal.wait_for(MANAGER_COUNTERS, TIMEOUT)

        # The window display above counter 1 is the fifth: nobody signed in there yet.
        await pilot.press("ctrl+n")
        window = app.query_one("#window", TerminalPane)
        assert (tabs.active, app.focused) == ("tab-window", window)
        await screen_shows(window, lambda lines: any(display_shows(lines, w) for w in CLOSED))

        await pilot.press("ctrl+n")
        assert (tabs.active, app.focused) == ("tab-kiosk", kiosk)
        await showing(pilot, TEXTS.kiosk_start)


async def test_on_a_small_terminal_clicking_a_tab_gives_its_app_the_keyboard(centre):
    app = DemoApp(centre, sound=False)
    async with app.run_test(size=(100, 30)) as pilot:
        kiosk, display, counter = panes(app)
        tabs = app.query_one(TabbedContent)
        await counter.terminal.wait_for(TEXTS.counter_sign_in, TIMEOUT)
        assert app.focused is kiosk

        await pilot.click(tabs.get_tab("tab-counter"))
        await until(pilot, lambda: app.focused is counter, what="the counter's pane focused")
        assert tabs.active == "tab-counter"
        # Typed straight away, with no click into the pane: the counter's clerk field (its
        # sign-in screen's focus) gets the keys.
        assert "demo" not in counter.terminal.text()
        await pilot.press(*"demo")
        await counter.terminal.wait_for("demo", TIMEOUT)

        await pilot.click(tabs.get_tab("tab-display"))
        await until(pilot, lambda: app.focused is display, what="the display's pane focused")
        await pilot.click(tabs.get_tab("tab-kiosk"))
        await until(pilot, lambda: app.focused is kiosk, what="the kiosk's pane focused")


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_every_app_starts_in_the_language_asked_for(centre, lang):
    kiosk_texts, display_texts = Catalog("kiosk"), Catalog("display")
    app = DemoApp(centre, sound=False, lang=lang)
    async with app.run_test(size=(200, 50)) as pilot:
        kiosk, display, counter = panes(app)
        # The counter: its sign-in screen.
        await counter.terminal.wait_for(
            Catalog("counter").t(lang, "sign_in.title", counter=HUMAN_COUNTER), TIMEOUT
        )
        # The display: the first labels it shows (before they cycle to the next language).
        captions = {lng: display_texts.t(lng, "call.caption") for lng in LANGS}
        await display.terminal.wait_for(lambda t: any(c in t for c in captions.values()), TIMEOUT)
        assert captions[lang] in display.terminal.text()
        # The kiosk: its start screen names the centre in that language, and Enter (the
        # focused button) chooses it.
        name = getattr(load_default().spec.centre.name, lang)
        await kiosk.terminal.wait_for(" ".join(name.split()[:2]), TIMEOUT)
        assert kiosk_texts.t(lang, "services.title") not in kiosk.terminal.text()
        await pilot.press("enter")
        await kiosk.terminal.wait_for(kiosk_texts.t(lang, "services.title"), TIMEOUT)


@pytest.mark.parametrize(
    ("size", "layout", "tabs"),
    [((200, 50), "tabs", True), ((100, 30), "side", False), ((149, 50), "auto", True)],
)
async def test_layout_forces_tabs_or_side_by_side(centre, size, layout, tabs):
    app = DemoApp(centre, sound=False, layout=layout)
    async with app.run_test(size=size):
        assert bool(app.query(TabbedContent)) is tabs
        assert len(app.query(TerminalPane)) == 5  # the window display above counter 1 too


async def test_ctrl_c_stops_the_demo_and_every_app_process(centre):
    app = DemoApp(centre, sound=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await all_up(app)
        terminals = [pane.terminal for pane in panes(app)]
        pids = [terminal.pid for terminal in terminals]
        assert all(pid is not None and alive_in_group(pid) for pid in pids)
        assert app.return_code is None

        # Ctrl+C is the demo's even with the kiosk focused (it forwards other keys).
        await pilot.press("ctrl+c")

        assert app.return_code == 0
    # The app has ended (run_test then unmounts it, as run_async does for `rinda demo`):
    # every app has exited, answering SIGTERM, not killed after a timeout, and left nothing.
    codes = [terminal.returncode for terminal in terminals]
    assert None not in codes
    assert -9 not in codes
    for pid in pids:
        assert pid is not None
        assert not alive_in_group(pid)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


class NotedDemoApp(DemoApp):
    """DemoApp whose notifications the test can await (run_test shows no toasts)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    def notify(self, message: str, *args: Any, severity: Any = "information", **kw: Any) -> None:
        self.notes.put_nowait((message, severity))
        super().notify(message, *args, severity=severity, **kw)


async def test_an_app_that_stops_is_reported_and_its_last_screen_stays(centre):
    app = NotedDemoApp(centre, sound=False)
    async with app.run_test(size=(200, 50)):
        await all_up(app)
        kiosk, display, _ = panes(app)
        assert kiosk.terminal.pid is not None
        os.kill(kiosk.terminal.pid, signal.SIGKILL)

        message, severity = await asyncio.wait_for(app.notes.get(), TIMEOUT)
        assert "Kiosk stopped (exit status -9)" in message
        assert severity == "error"
        # Its last screen stays in the pane; the other apps go on.
        assert TEXTS.kiosk_start in "\n".join(drawn(kiosk))
        assert display.terminal.returncode is None


async def test_the_info_bar_counts_the_simulated_visitors(centre):
    simulator = centre.simulator(Pace(visitor_every_s=0.3))
    app = DemoApp(centre, sound=False, simulator=simulator)
    async with app.run_test(size=(200, 50)) as pilot:
        info = (await showing(pilot, "simulated: "))[0]
        assert "in a temporary folder" in info
        shown = re.compile(r"simulated: (\d+) visitors, (\d+) served")

        def counted() -> int:
            found = shown.search(painted(app)[0])
            assert found is not None, painted(app)[0]
            return int(found.group(1))

        await until(pilot, lambda: counted() >= 2, TIMEOUT, "2 simulated visitors counted")
        assert counted() <= len(simulator.acknowledged)
        # The simulator has a kiosk of its own: the one on screen is left to the person.
        await panes(app)[0].terminal.wait_for(TEXTS.kiosk_start, TIMEOUT)
        # Stopped while the simulator still counts: a count that comes as the info bar goes
        # only sets the app's own attribute.
        await pilot.press("ctrl+c")
    assert app.return_code == 0


async def test_the_info_bar_shows_a_kept_folder_as_typed(tmp_path: Path) -> None:
    # `--dir` names the person's own folder: shown as typed, never read as markup.
    folder = tmp_path / "x[" / "b] [@click=app.quit]y[" / "]"
    centre = await prepare(folder, free_port())
    app = DemoApp(centre, sound=False, kept=True, layout="tabs")
    async with app.run_test(size=(250, 50)) as pilot:
        await showing(pilot, f"kept in {folder}")
        assert "x[/b] [@click=app.quit]y[/]" in painted(app)[0]
        assert app.return_code is None  # still running
