"""The manager's notice on the waiting-room displays as it is now (the manager's own words,
back from the server: plain text)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from manager.floor import Floor
from manager.words import Words


class NoticeLine(Static):
    floor: reactive[Floor] = reactive(Floor(), init=False)

    def __init__(self, words: Words, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def on_mount(self) -> None:
        self.watch_floor(self.floor)

    def watch_floor(self, floor: Floor) -> None:
        t = self.words.t
        text = t("notice.shown", text=floor.notice) if floor.notice else t("notice.none")
        self.update(Content(text))
