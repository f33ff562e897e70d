"""Times of day as a manager reads them: on the centre's wall clock (not the terminal's).
Parsing wire times, durations and stopwatches are shared with the counter
(server/staff_words.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
