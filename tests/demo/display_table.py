"""Reading the display's queue table off a screen, whichever language it shows."""

from __future__ import annotations

import re


def waiting(lines: list[str], prefix: str = "A") -> int | None:
    """The "waiting" count of service `prefix` in the display's queue table, in any of the
    languages it cycles through; None if the table is not on the screen."""
    row = re.compile(rf"│\s+{prefix}  [^│]*?\s(\d+)\s+[^│\s][^│]*│")
    for line in lines:
        if found := row.search(line):
            return int(found.group(1))
    return None
