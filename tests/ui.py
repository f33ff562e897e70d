"""What every app test needs: wait until the screen shows something, and read the screen.

One helper for the kiosk, display, counter and demo tests. It asks only what a person would
see, through Textual's public API (`App.export_screenshot`), so a test never depends on how an
app keeps its state.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot

# Rich draws each terminal cell 0.61 font-sizes wide in its SVG export (font-size 20).
_CELL_WIDTH = 12.2
_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)
# How often a waiting test looks again: the state it waits for arrives over a socket or a
# timer, which posts no message a test could await.
_LOOK_EVERY_S = 0.02


def painted(app: App[Any]) -> list[str]:
    """Every line of the screen as the terminal shows it (modal dialogs over the screen
    below), as plain text."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        row, column = int(line), round(float(x) / _CELL_WIDTH)
        if row >= height:
            continue
        for i, char in enumerate(html.unescape(text).replace("\n", "")):
            if column + i < width:
                rows[row][column + i] = char
    return ["".join(r).replace("\u00a0", " ").rstrip() for r in rows]


def screen_text(app: App[Any]) -> str:
    return "\n".join(painted(app))


async def until(
    pilot: Pilot[Any], check: Callable[[], object], timeout: float = 10, what: str = ""
) -> None:
    """Wait until `check()` holds; on timeout fail with what the screen showed."""
    try:
        async with asyncio.timeout(timeout):
            while not check():
                await pilot.pause(_LOOK_EVERY_S)
    except TimeoutError:
        shown = screen_text(pilot.app)
        raise AssertionError(
            f"waited {timeout} s for {what or check}; the screen:\n{shown}"
        ) from None
    # One more idle moment: a screen that just appeared is laid out before the next click.
    await pilot.pause()


async def showing(pilot: Pilot[Any], text: str, timeout: float = 10) -> list[str]:
    """Wait until the screen shows `text`; the screen's lines."""
    await until(pilot, lambda: text in screen_text(pilot.app), timeout, f"{text!r} on screen")
    return painted(pilot.app)
