"""The newest call, as big as the space allows: "A012 → 3"."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from display import font
from display.board import Call


class CallBanner(Widget):
    """Draws `ticket → counter` in the block font at the largest scale that fits.

    While there is no call it shows `empty` in plain text; a new call can be highlighted with
    the `-fresh` class (the app adds and removes it).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.call: Call | None = None
        self.empty = ""

    def show(self, call: Call | None, empty: str) -> None:
        if (call, empty) != (self.call, self.empty):
            self.call, self.empty = call, empty
            self.refresh()

    @property
    def line(self) -> str:
        """The call as plain text, as drawn."""
        return "" if self.call is None else f"{self.call.ticket} → {self.call.counter_name}"

    def render(self) -> RenderResult:
        if self.call is None:
            return Text(self.empty)
        size = self.content_size
        scale = font.fit(self.line, size.width, size.height)
        if scale == 0 or not font.covers(self.line):
            # Too small for block letters, or a counter named "Kasē": still readable as text.
            return Text(self.line)
        return Text("\n".join(font.render(self.line, scale)), no_wrap=True)
