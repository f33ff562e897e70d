"""TerminalPane: a real Textual app running as a child, driven through a host app's pane."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Button

from server.demo.pane import TerminalPane
from tests.ui import until

TIMEOUT = 15.0

CHILD_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Button, Input, Label


class Child(App):
    BINDINGS = [Binding("ctrl+c", "show('got ctrl+c')", priority=True)]

    def compose(self):
        yield Button("Press me", id="press")
        yield Label("waiting", id="state")
        yield Input(id="name")

    def on_resize(self, event):
        self.query_one("#name", Input).placeholder = f"size {event.size.width}x{event.size.height}"

    def on_button_pressed(self):
        self.action_show("clicked")

    def on_input_changed(self, event):
        self.action_show(f"typed {event.value}")

    def action_show(self, text):
        self.query_one("#state", Label).update(text)


Child().run()
"""


class Host(App[None]):
    """The pane above a host button, which tab would focus if the pane let tab through;
    ctrl+c is the host's own key."""

    CSS = "TerminalPane { height: 1fr; }"
    BINDINGS: ClassVar[list[BindingType]] = [("ctrl+c", "interrupted")]

    def __init__(self, argv: list[str]) -> None:
        super().__init__()
        self.argv = argv
        self.interrupted = 0
        self.exits: list[int] = []
        self.exited = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield TerminalPane(self.argv, title="child")
        yield Button("Host")

    def action_interrupted(self) -> None:
        self.interrupted += 1

    def on_terminal_pane_exited(self, message: TerminalPane.Exited) -> None:
        self.exits.append(message.returncode)
        self.exited.set()


@pytest.fixture
def child_app(tmp_path: Path) -> list[str]:
    path = tmp_path / "child_app.py"
    path.write_text(CHILD_APP)
    return [sys.executable, str(path)]


def pane_text(pane: TerminalPane) -> str:
    """What the pane draws, as text: the host's view of the child's screen."""
    return "\n".join(pane.render_line(y).text for y in range(pane.content_size.height))


async def test_a_click_on_the_pane_presses_the_childs_button(child_app):
    app = Host(child_app)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(TerminalPane)
        await pane.terminal.wait_for("waiting", TIMEOUT)
        assert "size 58x15" in pane.terminal.text()  # the content region, inside the border

        # The child's Button sits at its top left; the pane's border adds one cell each way.
        await pilot.click(TerminalPane, offset=(4, 2))

        await pane.terminal.wait_for("clicked", TIMEOUT)
        await until(pilot, lambda: "clicked" in pane_text(pane), what="the host drew it")
        # The child paints its own colours, and they arrive as rich styles.
        assert any(segment.style and segment.style.bgcolor for segment in pane.render_line(0))
    assert pane.terminal.returncode is not None  # unmounting the pane stopped the child


async def test_keys_reach_the_child_except_ctrl_c_which_stays_with_the_host(child_app):
    app = Host(child_app)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(TerminalPane)
        await pane.terminal.wait_for("waiting", TIMEOUT)
        pane.focus()

        # Tab moves focus inside the child (not in the host), onto its Input.
        await pilot.press("tab", "ā", "ж")
        await pane.terminal.wait_for("typed āж", TIMEOUT)

        await pilot.press("ctrl+c", "x")
        await pane.terminal.wait_for("typed āжx", TIMEOUT)
        assert "got ctrl+c" not in pane.terminal.text()
        assert app.interrupted == 1
        assert app.focused is pane


async def test_resizing_the_host_resizes_the_child(child_app):
    app = Host(child_app)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(TerminalPane)
        await pane.terminal.wait_for("size 58x15", TIMEOUT)

        await pilot.resize_terminal(72, 24)

        await pane.terminal.wait_for("size 70x19", TIMEOUT)
        assert len(pane.terminal.lines()) == 19


async def test_the_pane_reports_when_its_child_exits():
    argv = [sys.executable, "-c", "print('bye'); raise SystemExit(3)"]
    app = Host(argv)
    async with app.run_test(size=(30, 10)):
        pane = app.query_one(TerminalPane)

        await asyncio.wait_for(app.exited.wait(), TIMEOUT)

        assert app.exits == [3]
        assert pane_text(pane).startswith("bye")
