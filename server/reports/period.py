"""The period of a report or an export, checked the same way wherever it comes from
(`rinda report`, `rinda export events`, the manager's report request): the same mistake gets
the same words.
"""

from __future__ import annotations

from datetime import date


class ReportError(Exception):
    """A report or export that cannot be made; the message is one line for a person."""


def check_period(start: date, end: date, max_days: int | None = None) -> None:
    """Raise ReportError unless `start`..`end` (both included) is a period that can be read:
    in order, and at most `max_days` long (None: any length)."""
    if start > end:
        raise ReportError(f"The period starts on {start} after it ends on {end}.")
    days = (end - start).days + 1
    if max_days is not None and days > max_days:
        raise ReportError(f"The period is {days} days long; a report covers at most {max_days}.")


def nothing_in(what: str, start: date, end: date, which: str = "") -> ReportError:
    """The error of a period with nothing in it: "No ticket was taken from ... to ..."."""
    return ReportError(f"No {what} from {start} to {end}{which}.")
