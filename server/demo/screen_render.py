"""pyte screen rows as rich Segments, for drawing a child's terminal inside a Textual widget."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style


def row_segments(row: Any, columns: int) -> list[Segment]:
    """One pyte buffer row (cells `0..columns-1`) as Segments, a run of equal style per Segment.

    The empty cell pyte stores after a wide character is skipped: the wide character already
    covers two columns.
    """
    segments: list[Segment] = []
    text: list[str] = []
    attrs: tuple[Any, ...] = ()
    for x in range(columns):
        char = row[x]
        if not char.data:
            continue
        if char[1:] != attrs:
            if text:
                segments.append(Segment("".join(text), _style(*attrs)))
                text.clear()
            attrs = char[1:]
        text.append(char.data)
    if text:
        segments.append(Segment("".join(text), _style(*attrs)))
    return segments


# A screen uses a handful of distinct attribute sets; building a Style per cell would dominate
# the cost of redrawing a row.
@lru_cache(maxsize=1024)
def _style(
    fg: str,
    bg: str,
    bold: bool,
    italics: bool,
    underscore: bool,
    strikethrough: bool,
    reverse: bool,
    blink: bool,
) -> Style:
    return Style(
        color=_color(fg),
        bgcolor=_color(bg),
        bold=bold,
        italic=italics,
        underline=underscore,
        strike=strikethrough,
        reverse=reverse,
        blink=blink,
    )


def _color(value: str) -> Color | None:
    """pyte's colour: "default", six hex digits (truecolor and the 256 palette), or a name.

    pyte calls ANSI yellow "brown" and spells the bright colours "brightred"; rich wants
    "yellow" and "bright_red".
    """
    if value == "default":
        return None
    if len(value) == 6:
        try:
            return Color.from_rgb(*bytes.fromhex(value))
        except ValueError:
            pass
    name = value.replace("brown", "yellow")
    if name.startswith("bright"):
        name = "bright_" + name.removeprefix("bright")
    return Color.parse(name)
