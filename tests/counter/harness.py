"""The counter app against a real server: the app with a quick reconnect, a clerk registered
the way `rinda clerk add` does it, and the clerk's first keystrokes. Waiting and reading the
screen are tests/ui.py's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.pilot import Pilot

from counter.app import CounterApp
from server.store.clerks import add_clerk
from tests.server.harness import Running
from tests.ui import until

DEVICES = {"1": "c1", "2": "c2", "3": "c3"}


def counter_app(
    running: Running,
    counter: str = "1",
    lang: str = "en",
    clock: Callable[[], datetime] | None = None,
) -> CounterApp:
    kwargs: dict[str, Any] = {"lang": lang, "backoff_initial": 0.05}
    if clock is not None:
        kwargs["clock"] = clock
    return CounterApp(running.url, running.tokens[DEVICES[counter]], counter, **kwargs)


async def register_clerk(running: Running, clerk: str = "anna", pin: str = "4821") -> None:
    await add_clerk(running.server.store, clerk, "Anna Bērziņa", pin)
    running.server.router.clerks_exist = True  # what the server's tick notices


async def sign_in(pilot: Pilot[Any], clerk: str = "anna", pin: str = "4821") -> None:
    """Keyboard only: the clerk field has focus; Enter moves to the PIN, Enter signs in."""
    app = pilot.app
    assert isinstance(app, CounterApp)
    await until(pilot, lambda: app.model.loaded, what="the welcome")
    await pilot.press(*clerk, "enter", *pin, "enter")
