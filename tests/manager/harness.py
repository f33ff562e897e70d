"""The manager app against a real server: the app with a quick reconnect and the centre's
manager device (tests/conftest.py's centre calls it m1); waiting and reading the screen are
tests/ui.py's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from manager.app import ManagerApp
from tests.server.harness import Running
from tests.ui import until


def manager_app(
    running: Running,
    clock: Callable[[], datetime],
    *,
    lang: str = "en",
    pause_limit_min: int = 15,
    export_to: Path | None = None,
) -> ManagerApp:
    return ManagerApp(
        running.url,
        running.tokens["m1"],
        lang=lang,
        clock=clock,
        pause_limit_min=pause_limit_min,
        export_to=export_to or Path("unused.xlsx"),
        backoff_initial=0.05,
    )


async def loaded(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ManagerApp)
    await until(pilot, lambda: app.floor.loaded and app.floor.link == "online", what="welcome")
