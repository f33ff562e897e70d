"""One line of text, set by binding `text`: drawn as typed, never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widgets import Label


class PlainLabel(Label):
    """Has the `-empty` class while it has no text, so a style can hide it."""

    text = var("")

    def watch_text(self, text: str) -> None:
        self.update(Content(text))
        self.set_class(not text, "-empty")
