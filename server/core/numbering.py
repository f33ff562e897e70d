"""Ticket numbers and the local service day they belong to."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def service_day(now: datetime, tz: ZoneInfo) -> date:
    """The centre's local calendar day of an aware UTC instant.

    Numbering and reports follow this day, so a DST shift (which moves the wall clock, not the
    date at midnight) never restarts or repeats a number.
    """
    return now.astimezone(tz).date()


def format_number(prefix: str, n: int, digits: int) -> str:
    return f"{prefix}{n:0{digits}d}"


def capacity(digits: int) -> int:
    return int(10**digits) - 1
