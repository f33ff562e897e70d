"""The demo's one Textual screen: the real kiosk, display and counter apps side by side, the
window display above counter 1 small under the display, and the manager's app in their place
at Ctrl+N (a fifth full pane does not fit beside them).

Each app runs as its own process in a pseudo-terminal (`TerminalPane`), exactly the program a
real centre runs, talking to the demo server over its own websocket; this app only draws their
screens and hands them the keyboard and mouse. On a small terminal they sit in tabs instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Footer, TabbedContent, TabPane

from server.demo.apps import AppCommand, app_commands
from server.demo.bookings import DemoBooking
from server.demo.centre import CLERK_PIN, HUMAN_COUNTER, DemoCentre
from server.demo.info_bar import InfoBar, Simulated
from server.demo.pane import TerminalPane
from server.demo.simulator import Simulator

Layout = Literal["auto", "side", "tabs"]
# Below this the three apps do not fit side by side at a size they can be used at.
SIDE_BY_SIDE_MIN = (150, 40)
TITLES = {
    "kiosk": "Kiosk",
    "display": "Waiting-room display",
    "counter": "Counter",
    "manager": "Manager",
    "window": f"Window display above counter {HUMAN_COUNTER}",
}


class DemoApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Rinda demo"
    ENABLE_COMMAND_PALETTE = False
    # Priority: the panes forward every other key to their app, these stay the demo's.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Stop the demo", priority=True),
        Binding("ctrl+n", "next_pane", "Next app", priority=True),
    ]
    simulated: reactive[Simulated | None] = reactive(None)
    """What the simulator did so far (None without one); the info bar shows it."""

    def __init__(
        self,
        centre: DemoCentre,
        *,
        sound: bool = True,
        lang: str = "lv",
        simulator: Simulator | None = None,
        layout: Layout = "auto",
        kept: bool = False,
        continued: bool = False,
        bookings: Sequence[DemoBooking] = (),
    ) -> None:
        """`lang`: the language the apps start in; `kept`: the centre's folder was given
        (--dir) and outlives the demo; `continued`: it already held a day's tickets from an
        earlier run."""
        super().__init__()
        self.centre = centre
        self.commands = app_commands(centre, sound=sound, lang=lang)
        self.simulator = simulator
        self.layout = layout
        self.kept = kept
        self.continued = continued
        self.bookings = bookings
        if simulator is not None:
            self.set_reactive(DemoApp.simulated, Simulated.of(simulator))

    def _tabs(self) -> bool:
        if self.layout != "auto":
            return self.layout == "tabs"
        width, height = SIDE_BY_SIDE_MIN
        return self.size.width < width or self.size.height < height

    def _pane(self, app: AppCommand) -> TerminalPane:
        title = TITLES[app.name]
        if app.name == "counter":
            title += f" {HUMAN_COUNTER} — sign in as demo, PIN {CLERK_PIN}; F2 calls the next"
        if app.name == "manager":
            title += " — F1 floor, F2 history, F3 report; Ctrl+N goes on to the kiosk"
        if app.name == "kiosk" and self.bookings:
            title += " — booked, check in: " + ", ".join(map(str, self.bookings))
        return TerminalPane(app.argv, env=app.env, title=title, id=app.name)

    def compose(self) -> ComposeResult:
        info = InfoBar(self.centre, kept=self.kept, continued=self.continued, id="info")
        yield info.data_bind(DemoApp.simulated)
        panes = {app.name: self._pane(app) for app in self.commands}
        if self._tabs():
            with TabbedContent(id="tabs"):
                for name, pane in panes.items():
                    with TabPane(TITLES[name], id=f"tab-{name}"):
                        yield pane
        else:
            # The manager takes the three apps' place while it has the keys (Ctrl+N).
            with ContentSwitcher(id="views", initial="side"):
                with Horizontal(id="side"):
                    with Vertical(id="left"):
                        yield panes["kiosk"]
                        yield panes["counter"]
                    with Vertical(id="right"):
                        yield panes["display"]
                        yield panes["window"]
                yield panes["manager"]
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#kiosk", TerminalPane).focus()
        if self.simulator is not None:
            self.run_worker(self.simulator.run(), name="simulator", group="simulator")
            self.run_worker(self._count(self.simulator), name="count", group="simulator")

    async def _count(self, simulator: Simulator) -> None:
        """Keep `simulated` up to date: after each change to the simulator's records."""
        while True:
            await simulator.wait_for(lambda sim: Simulated.of(sim) != self.simulated)
            self.simulated = Simulated.of(simulator)

    @on(TabbedContent.TabActivated)
    def _into_tab(self, event: TabbedContent.TabActivated) -> None:
        # A tab clicked (or shown by Ctrl+N): the keyboard goes to the app in it.
        event.pane.query_one(TerminalPane).focus()

    def on_terminal_pane_exited(self, message: TerminalPane.Exited) -> None:
        # Its last screen stays in the pane (a traceback, say); this says why it went still.
        name = TITLES.get(message.pane.id or "", "an app")
        self.notify(
            f"{name} stopped (exit status {message.returncode}); its last screen is shown. "
            "Restart the demo to get it back.",
            severity="error",
            timeout=30,
            markup=False,
        )

    def action_next_pane(self) -> None:
        panes = list(self.query(TerminalPane))
        focused = self.focused
        at = panes.index(focused) if isinstance(focused, TerminalPane) else -1
        pane = panes[(at + 1) % len(panes)]
        tabs = self.query(TabbedContent)
        if tabs:
            tabs.first().active = f"tab-{pane.id}"
        views = self.query("#views")
        if views:
            views.first(ContentSwitcher).current = "manager" if pane.id == "manager" else "side"
        pane.focus()
