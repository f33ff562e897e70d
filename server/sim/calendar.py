"""The simulated days on a clock of seconds: when each local day starts, when the centre is
open, which local hour an instant falls in. Read from the centre's configuration (its hours,
holidays and time zone); whether a ticket or a call is allowed is still the core's to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.config import CentreConfig
from server.sim.data import Shift

DAY_S = 86400.0


@dataclass(frozen=True)
class Day:
    date: date
    # Seconds from the run's start: local midnight, and the next one.
    start_s: float
    end_s: float
    # The opening spans (seconds from the run's start); none on a closed day.
    spans: tuple[tuple[float, float], ...]

    def shift(self, clock: Clock, shift: Shift | None, grace_s: float) -> tuple[float, float]:
        """When a counter opens and closes this day: its own hours, else from the first
        opening to the last closing plus the grace for calls (`calls_after_close_min`)."""
        own = shift or Shift()
        opens = self.spans[0][0] if own.opens is None else clock.local(self.date, own.opens)
        if own.closes is None:
            return opens, self.spans[-1][1] + grace_s
        return opens, clock.local(self.date, own.closes)


class Clock:
    """Seconds from `t0` (an aware instant) and back."""

    def __init__(self, t0: datetime, tz: ZoneInfo) -> None:
        self.t0 = t0.astimezone(UTC)
        self.tz = tz

    def at(self, s: float) -> datetime:
        return self.t0 + timedelta(seconds=s)

    def seconds(self, when: datetime) -> float:
        return (when.astimezone(UTC) - self.t0).total_seconds()

    def local(self, day: date, hhmm: time | None) -> float:
        """Seconds of a local wall-clock time of `day` (None: the midnight ending it)."""
        if hhmm is None:
            return self.seconds(datetime.combine(day + timedelta(days=1), time(0), self.tz))
        return self.seconds(datetime.combine(day, hhmm, self.tz))

    def hour_of(self, s: float) -> tuple[int, float]:
        """The local hour at `s` and the instant (seconds) it ends."""
        local = self.at(s).astimezone(self.tz)
        into = local.minute * 60 + local.second + local.microsecond / 1e6
        return local.hour, s - into + 3600.0

    def next_midnight(self, s: float) -> float:
        local = self.at(s).astimezone(self.tz)
        return self.local(local.date(), None)


def days(config: CentreConfig, clock: Clock, first: date, count: int) -> list[Day]:
    out = []
    for n in range(count):
        day = first + timedelta(days=n)
        spans: list[tuple[float, float]] = []
        if day not in config.holidays:
            for span in config.hours.get(day.weekday(), ()):
                spans.append((clock.local(day, span.start), clock.local(day, span.end)))
        out.append(Day(day, clock.local(day, time(0)), clock.local(day, None), tuple(spans)))
    return out


def midnight(first: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(first, time(0), tz)
