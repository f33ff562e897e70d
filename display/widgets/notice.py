"""The centre's notice, scrolling right to left along the bottom of the screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

SPEED = 4  # characters per second: readable, yet a long notice comes round within a minute
GAP = " " * 12


class Notice(Widget):
    """Shows `text` shifted by the time: the same instant always draws the same frame, so a
    frozen clock (in tests) gives a still picture. Hidden while there is no notice."""

    text = reactive("")

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.shift = self.shift_now()

    def on_mount(self) -> None:
        self.set_interval(1 / SPEED, self.scroll)

    def watch_text(self, text: str) -> None:
        self.display = bool(text)

    def shift_now(self) -> int:
        """Characters scrolled by now: one per 1/SPEED s of the clock."""
        return int(self.clock().timestamp() * SPEED)

    def scroll(self) -> None:
        shift = self.shift_now()
        if shift != self.shift:
            self.shift = shift
            self.refresh()

    def render(self) -> RenderResult:
        width = max(1, self.content_size.width)
        loop = self.text + GAP
        start = self.shift % len(loop)
        # Repeated end to end like a ticker, so some of the notice is always in view. The
        # config's words, as typed: plain text, never read as markup.
        return Content((loop * (2 + width // len(loop)))[start : start + width])
