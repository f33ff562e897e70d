"""The one-sentence line that tells the clerk what just happened, or why not."""

from __future__ import annotations

from textual.widgets import Static


class Notice(Static):
    def say(self, text: str, error: bool = False) -> None:
        self.set_class(error, "error")
        self.update(text)
