"""A period of local days the manager picks for the history charts and the report: two dates
typed as YYYY-MM-DD (an empty "to" means the same day), checked before anything is asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Longer than any report a manager needs (a year and a bit), short enough to stay quick.
MAX_DAYS = 400
# What a typed date may be at most: YYYY-MM-DD with some space around it.
MAX_TYPED = 20


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def single(self) -> bool:
        return self.start == self.end


class PeriodError(ValueError):
    """Why the typed period is not one: `key` is its sentence in the catalog."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _day(text: str, key: str) -> date:
    if len(text) > MAX_TYPED:
        raise PeriodError(key)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(key) from None


def parse_period(start: str, end: str) -> Period:
    """The period from `start` to `end` (both included); raises `PeriodError`."""
    first = _day(start, "period.bad_start")
    last = _day(end, "period.bad_end") if end.strip() else first
    if last < first:
        raise PeriodError("period.reversed")
    if (last - first).days >= MAX_DAYS:
        raise PeriodError("period.too_long")
    return Period(first, last)
