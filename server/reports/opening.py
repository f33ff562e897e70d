"""Opening hours of a report's days, from the configuration's `[hours]` and holidays: what
"arrivals per opening hour" divides by. Wall-clock hours, like everything in a report: a day
open 00:00-24:00 has 24 of them even when a DST change makes it 23 or 25 hours long."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from server.config import CentreConfig


@dataclass
class OpenHours:
    total: float = 0.0
    by_day: dict[str, float] = field(default_factory=dict)
    by_weekday: dict[str, float] = field(default_factory=dict)
    # Local hour "08" -> the hours it was open over all the days (08:30-... gives 0.5 a day).
    by_hour: dict[str, float] = field(default_factory=dict)


def open_hours(config: CentreConfig, days: Iterable[date]) -> OpenHours:
    out = OpenHours()
    for day in days:
        spans = () if day in config.holidays else config.hours.get(day.weekday(), ())
        hours = 0.0
        for span in spans:
            start = span.start.hour * 60 + span.start.minute
            end = 24 * 60 if span.end is None else span.end.hour * 60 + span.end.minute
            hours += (end - start) / 60
            for h in range(start // 60, (end + 59) // 60):
                overlap = min(end, (h + 1) * 60) - max(start, h * 60)
                key = f"{h:02d}"
                out.by_hour[key] = out.by_hour.get(key, 0.0) + overlap / 60
        out.total += hours
        out.by_day[day.isoformat()] = hours
        wd = str(day.isoweekday())
        out.by_weekday[wd] = out.by_weekday.get(wd, 0.0) + hours
    return out


def per_hour(arrivals: int, hours: float | None) -> float | None:
    """Arrivals per opening hour; None when the group had no opening hour at all."""
    if not hours:
        return None
    return arrivals / hours
