"""What needs the manager now (manager/alerts.py says what counts), newest state every second
on this widget's own timer: a wait crosses its target while no event arrives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from manager.alerts import alerts
from manager.floor import Floor
from manager.words import Words


class AlertsList(Static):
    floor: reactive[Floor] = reactive(Floor(), init=False)

    def __init__(
        self,
        words: Words,
        clock: Callable[[], datetime],
        pause_limit_min: int,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.words = words
        self.clock = clock
        self.pause_limit_min = pause_limit_min

    def on_mount(self) -> None:
        self.border_title = self.words.t("alerts.title")
        self.set_interval(1.0, self.draw)
        self.draw()

    def watch_floor(self) -> None:
        self.draw()

    def draw(self) -> None:
        found = alerts(self.floor, self.clock(), self.pause_limit_min)
        self.set_class(bool(found), "-alerting")
        if not found:
            self.update(Content(self.words.t("alerts.none")))
            return
        lines = [Content(f"• {self.words.alert(self.floor, a)}") for a in found]
        self.update(Content("\n").join(lines))
