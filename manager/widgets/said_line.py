"""One line saying what the manager's last action or request came to (the server's words
in it are plain text)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from manager.said import Said


class SaidLine(Static):
    said: reactive[Said] = reactive(Said(), init=False)

    def watch_said(self, said: Said) -> None:
        self.set_class(said.error, "-error")
        self.update(Content(said.text))
