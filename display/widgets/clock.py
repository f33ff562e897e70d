"""The time of day in the centre's time zone, from an injectable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

TICK_S = 1.0  # the minute turns over at most a second late
RIGA = "Europe/Riga"  # until the centre's welcome says


class Clock(Static):
    timezone = var(RIGA)

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.zone = ZoneInfo(RIGA)
        self.shown = ""  # the time drawn

    def on_mount(self) -> None:
        self.set_interval(TICK_S, self.tick)

    def watch_timezone(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self.tick()

    def tick(self) -> None:
        shown = self.clock().astimezone(self.zone).strftime("%H:%M")
        if shown != self.shown:  # once a minute, not on every tick
            self.shown = shown
            self.update(Content(shown), layout=False)
