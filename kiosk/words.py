"""Numbers and states put into words in the visitor's language (shared by screen and print)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from server.i18n import Catalog
from server.protocol.waits import wait_words

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def wait_text(cat: Catalog, lang: str, seconds: int) -> str:
    """The server's expected wait as the band every screen shows (server/protocol/waits.py)."""
    return wait_words(seconds, lambda kind, **values: cat.t(lang, f"wait.{kind}", **values))


def opens_text(cat: Catalog, lang: str, opens_at: str) -> str:
    """The "opens Mon 8:30" text from the server's local-time `opens_at` (ISO with offset)."""
    at = datetime.fromisoformat(opens_at)
    day = cat.t(lang, f"day.{WEEKDAYS[at.weekday()]}")
    return cat.t(lang, "reason.opens", day=day, time=f"{at.hour}:{at.minute:02d}")


def closed_text(
    cat: Catalog, lang: str, reason: str, opens_at: str | None, reason_text: str = ""
) -> str:
    """Why a service is not issuing, and when it will: "Closed · opens Mon 8:30"; or, when a
    manager stopped it, "Closed · " and the manager's own words (in the language they wrote)."""
    key = f"reason.{reason}"
    text = cat.t(lang, key) if key in cat.texts["lv"] else cat.t(lang, "reason.closed")
    if reason == "suspended":
        return f"{text} · {reason_text}" if reason_text else text
    return f"{text} · {opens_text(cat, lang, opens_at)}" if opens_at else text


def clock_time(at: str, timezone: str) -> str:
    """The centre's local time of day of an instant the server sent ("10:20")."""
    local = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone))
    return f"{local:%H:%M}"


def is_early(booked_for: str, issued_at: str) -> bool:
    """Whether a visitor checked in before their booked time (both instants from the server,
    so the kiosk's own clock does not matter)."""
    parse = datetime.fromisoformat
    return parse(booked_for.replace("Z", "+00:00")) > parse(issued_at.replace("Z", "+00:00"))
