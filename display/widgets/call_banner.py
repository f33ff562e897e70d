"""The newest call, as big as the space allows: "A012 → 3", and under it the appointment mark
("PIERAKSTS") when the visitor has a booking."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive, var
from textual.widget import Widget

from display import font
from display.board import MARK, Call


class CallBanner(Widget):
    """Draws `call` as `ticket → counter` in the block font at the largest scale that fits.

    While there is no call it shows `empty` in plain text. A `fresh` call (one just made)
    stands out with the `-fresh` class for `highlight_s` seconds; a later one starts again.
    `mark` (the word for an appointment in the language on show, or "") goes under the
    number: in small block letters where the number stays bigger, else as a line of text.
    """

    call: reactive[Call | None] = reactive(None)
    empty = reactive("")
    mark = reactive("")
    fresh: var[Call | None] = var(None)

    def __init__(self, highlight_s: float, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.highlight_s = highlight_s
        self.highlighted: Call | None = None

    def watch_fresh(self, call: Call | None) -> None:
        if call is None:
            return  # the call stops being news: its highlight runs its course
        self.highlighted = call
        self.add_class("-fresh")
        self.set_timer(self.highlight_s, lambda: self.calm(call))

    def calm(self, call: Call) -> None:
        # Only the newest call's timer may end the highlight.
        if self.highlighted is call:
            self.remove_class("-fresh")

    @property
    def line(self) -> str:
        """The call as plain text, as drawn."""
        return "" if self.call is None else self.call.line

    def render(self) -> RenderResult:
        if self.call is None:
            return Text(self.empty)
        size, mark = self.content_size, self.mark
        # The mark in block letters (and a blank row above it) only while the number stays
        # bigger than it; else a line of text.
        big_mark = bool(mark) and font.covers(mark) and font.width(mark, 1) <= size.width
        scale = font.fit(self.line, size.width, size.height - font.height(1) - 1)
        if not big_mark or scale < 2:
            big_mark = False
            scale = font.fit(self.line, size.width, size.height - (2 if mark else 0))
        if scale == 0 or not font.covers(self.line):
            # Too small for block letters, or a counter named "Kasē": still readable as text.
            text = Text(self.line)
            if mark:
                text.append("  ")
                text.append(f" {MARK} {mark} ", style="reverse")
            return text
        text = Text("\n".join(font.render(self.line, scale)), no_wrap=True)
        if mark:
            text.append("\n\n")
            if big_mark:
                text.append("\n".join(font.render(mark, 1)))
            else:
                text.append(f" {MARK} {mark} ", style="reverse")
        return text
