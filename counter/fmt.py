"""Times of day as a clerk reads them: in the centre's time zone (not the terminal's). Parsing
wire times, durations and stopwatches are shared with the manager (server/staff_words.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from server.staff_words import instant


def local(text: str, timezone: str) -> datetime:
    """A time from the wire on the centre's wall clock."""
    return instant(text).astimezone(ZoneInfo(timezone))
