"""The centre's notice, scrolling right to left along the bottom of the screen."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

SPEED = 4  # characters per second: readable, yet a long notice comes round within a minute
GAP = " " * 12


class Notice(Widget):
    """Shows `text` shifted by the time: the same instant always draws the same frame, so a
    frozen clock (in tests) gives a still picture."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.seconds = 0.0

    def show(self, text: str, seconds: float) -> None:
        self.display = bool(text)
        if (text, seconds) != (self.text, self.seconds):
            self.text, self.seconds = text, seconds
            self.refresh()

    def render(self) -> RenderResult:
        width = max(1, self.content_size.width)
        loop = self.text + GAP
        start = int(self.seconds * SPEED) % len(loop)
        # Repeated end to end like a ticker, so some of the notice is always in view. The
        # config's words, as typed: plain text, never read as markup.
        return Content((loop * (2 + width // len(loop)))[start : start + width])
