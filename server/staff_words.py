"""What the staff apps (counter, manager) share in putting things into words: a catalog bound
to the screen's language, and times from the wire, durations and ticking stopwatches as staff
read them. Each app's `Words` adds the names its own model holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.i18n import Catalog
from server.protocol.waits import wait_words


def instant(text: str) -> datetime:
    """A time as the wire has it (ISO 8601, UTC with a `Z`)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else instant(text)


def stopwatch(seconds: int) -> str:
    """Time since something began, ticking: "0:07", "3:45", "1:02:10"."""
    seconds = max(0, seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class StaffWords:
    """The app's catalog in the screen's language (its `time.*` keys give durations, its
    `wait.*` keys expected waits)."""

    def __init__(self, catalog: Catalog, lang: str) -> None:
        self.catalog = catalog
        self.lang = lang

    def t(self, key: str, **values: Any) -> str:
        return self.catalog.t(self.lang, key, **values)

    def knows(self, key: str) -> bool:
        return key in self.catalog.texts["lv"]

    def duration(self, seconds: int) -> str:
        """Waits: "40 s", "12 min", "1 h 5 min"."""
        if seconds < 60:
            return self.t("time.seconds", n=max(0, seconds))
        minutes = seconds // 60
        if minutes < 60:
            return self.t("time.minutes", n=minutes)
        return self.t("time.hours", h=minutes // 60, m=minutes % 60)

    def expected(self, seconds: int) -> str:
        """An expected wait as the band visitors see too (server/protocol/waits.py):
        "almost none", "15–25 min"."""
        return wait_words(seconds, lambda kind, **values: self.t(f"wait.{kind}", **values))
