"""The counter app against a real server: a recording subclass whose `until` awaits redraws
(no sleeps), a clerk registered the way `rinda clerk add` does it, and the screen as painted."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from counter.app import CounterApp
from counter.widgets.notice import Notice
from server.store.clerks import add_clerk
from tests.server.harness import Running

DEVICES = {"1": "c1", "2": "c2", "3": "c3"}


class RecordingApp(CounterApp):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, backoff_initial=0.05, **kwargs)
        self.changed = asyncio.Event()

    def redraw(self) -> None:
        super().redraw()
        self.changed.set()

    def say(self, text: str, error: bool = False) -> None:
        super().say(text, error)
        self.changed.set()

    async def until(self, check: Callable[[], bool], timeout: float = 10) -> None:
        async with asyncio.timeout(timeout):
            while not check():
                self.changed.clear()
                await self.changed.wait()

    def notice(self) -> str:
        for screen in reversed(self.screen_stack):
            for n in screen.query(Notice):
                return str(n.render())
        return ""


def counter_app(
    running: Running,
    counter: str = "1",
    lang: str = "en",
    clock: Callable[[], datetime] | None = None,
) -> RecordingApp:
    kwargs: dict[str, Any] = {"lang": lang}
    if clock is not None:
        kwargs["clock"] = clock
    return RecordingApp(running.url, running.tokens[DEVICES[counter]], counter, **kwargs)


async def register_clerk(running: Running, clerk: str = "anna", pin: str = "4821") -> None:
    await add_clerk(running.server.store, clerk, "Anna Bērziņa", pin)
    running.server.router.clerks_exist = True  # what the server's tick notices


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*text)


async def sign_in(pilot: Pilot[Any], clerk: str = "anna", pin: str = "4821") -> None:
    """Keyboard only: the clerk field has focus; Enter moves to the PIN, Enter signs in."""
    app = pilot.app
    assert isinstance(app, RecordingApp)
    await app.until(lambda: app.model.loaded)
    await pilot.press(*clerk, "enter", *pin, "enter")


def painted(app: App[Any]) -> list[str]:
    """Every line of the screen as the terminal would show it (modal dialogs over the screen
    below), drawn the way `App.export_screenshot` draws it, as plain text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()


async def showing(pilot: Pilot[Any], text: str, timeout: float = 10) -> list[str]:
    """Wait until the painted screen shows `text`; the screen's lines."""
    async with asyncio.timeout(timeout):
        while True:
            lines = painted(pilot.app)
            if any(text in line for line in lines):
                return lines
            await pilot.pause()
