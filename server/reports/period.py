"""The period of a report or an export, checked the same way wherever it comes from
(`rinda report`, `rinda export events`, the manager's report request): the same mistake gets
the same words.
"""

from __future__ import annotations

from datetime import date

# The years a period may fall in. Rinda's log starts in this century, and the calendar's own
# ends (years 1 and 9999) cannot be turned into instants around them: a local midnight of
# 0001-01-01 east of UTC, or the midnight after 9999-12-31, is not a datetime at all.
FIRST_YEAR, LAST_YEAR = 2000, 2999


class ReportError(Exception):
    """A report or export that cannot be made; the message is one line for a person."""


def check_period(start: date, end: date, max_days: int | None = None) -> None:
    """Raise ReportError unless `start`..`end` (both included) is a period that can be read:
    in the years FIRST_YEAR..LAST_YEAR, in order, and at most `max_days` long (None: any
    length)."""
    for day in (start, end):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ReportError(
                f"The date {day} is outside the years {FIRST_YEAR} to {LAST_YEAR} "
                "that reports and exports cover."
            )
    if start > end:
        raise ReportError(f"The period starts on {start} after it ends on {end}.")
    days = (end - start).days + 1
    if max_days is not None and days > max_days:
        raise ReportError(f"The period is {days} days long; a report covers at most {max_days}.")


def nothing_in(what: str, start: date, end: date, which: str = "") -> ReportError:
    """The error of a period with nothing in it: "No ticket was taken from ... to ..."."""
    return ReportError(f"No {what} from {start} to {end}{which}.")
