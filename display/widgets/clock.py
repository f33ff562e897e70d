"""The time of day in the centre's time zone, from an injectable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from textual.widgets import Static


class Clock(Static):
    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.tz = ZoneInfo("Europe/Riga")

    def tick(self) -> None:
        shown = self.clock().astimezone(self.tz).strftime("%H:%M")
        if str(self.content) != shown:  # once a minute, not on every tick
            self.update(shown, layout=False)
