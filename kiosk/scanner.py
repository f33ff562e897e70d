"""A keyboard-wedge barcode/QR scanner, read on every page: pure, no Textual.

Such a scanner is a keyboard to the kiosk: it types what it read, a key every few
milliseconds, and presses Enter. The app feeds this every key as it arrives (before any
widget sees it); an Enter that ends a plausible booking code is a scan, and the app checks
the code in and keeps that Enter from the focused button. Anything else passes on as usual,
so the pages' own keys keep working. A person typing a code and Enter on a keyboard is read
the same way, which is what they meant.
"""

from __future__ import annotations

from server.core.booking import normal_code

# A scanner types a code in well under this; a key left from longer ago is not part of it.
SCAN_GAP_S = 1.0
# Longer than any code as scanned (with dashes or spaces): what is longer is not a code.
MOST_TYPED = 32


class Wedge:
    def __init__(self) -> None:
        self._typed = ""
        self._last = 0.0

    def key(self, key: str, character: str | None, now: float) -> str | None:
        """Feed one key, at `now` (seconds, monotonic); the code when it is the Enter that
        ends one."""
        if key == "enter":
            typed, self._typed = self._typed, ""
            return normal_code(typed) if typed else None
        if character is None or len(character) != 1 or not character.isprintable():
            self._typed = ""  # an arrow, a backspace, escape: a person at the keys
            return None
        if now - self._last > SCAN_GAP_S:
            self._typed = ""
        self._last = now
        # One past the bound is kept, so a long text never looks like a code.
        self._typed = (self._typed + character)[: MOST_TYPED + 1]
        return None
