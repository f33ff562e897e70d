"""The one-sentence line that tells the clerk what just happened, or why not.

Its sentences carry ticket numbers, service names and the server's own words: shown as plain
text (`Content`), never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class Notice(Static):
    def say(self, text: str, error: bool = False) -> None:
        self.set_class(error, "error")
        self.update(Content(text))
