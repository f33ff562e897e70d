"""The centre's day, the connection and the time on the centre's clock, at a glance (the
server's words, if it refused this manager, as plain text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from manager.floor import Floor
from manager.fmt import local
from manager.words import Words


class TopBar(Static):
    floor: reactive[Floor] = reactive(Floor(), init=False)

    def __init__(self, words: Words, clock: Callable[[], datetime], id: str | None = None):
        super().__init__(id=id)
        self.words = words
        self.clock = clock

    def on_mount(self) -> None:
        self.set_interval(1.0, self.draw)
        self.draw()

    def watch_floor(self) -> None:
        self.draw()

    def draw(self) -> None:
        f, t = self.floor, self.words.t
        parts = [t("app.title")]
        if f.day:
            parts.append(t("app.day", day=f.day))
        parts.append(f"{local(self.clock(), f.timezone):%H:%M:%S}")
        # Refused (a wrong token), it will not retry: say why rather than "reconnecting".
        parts.append(t("app.refused", message=f.refusal) if f.refusal else t(f"app.{f.link}"))
        self.set_class(f.link != "online", "offline")
        self.update(Content("  ·  ".join(parts)))
