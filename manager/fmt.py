"""Times and durations as a manager reads them: in the screen's language, times of day on the
centre's wall clock (not the terminal's)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from server.i18n import Catalog


def instant(text: str) -> datetime:
    """A time as the wire has it (ISO 8601, UTC with a `Z`)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else instant(text)


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def duration(catalog: Catalog, lang: str, seconds: int) -> str:
    """Waits: "40 s", "12 min", "1 h 5 min"."""
    if seconds < 60:
        return catalog.t(lang, "time.seconds", n=max(0, seconds))
    minutes = seconds // 60
    if minutes < 60:
        return catalog.t(lang, "time.minutes", n=minutes)
    return catalog.t(lang, "time.hours", h=minutes // 60, m=minutes % 60)


def stopwatch(seconds: int) -> str:
    """Time since something began, ticking: "0:07", "3:45", "1:02:10"."""
    seconds = max(0, seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
