"""A group's figures before they are figures: counts, and every wait and service time.

The facts of one day (server/reports/visits.py) are tallied per grouping and group
(`day_tallies`); that is what a day's summary keeps (server/store/summaries.py), and what a day
without one is turned into on the spot. A period's group is then the sum of its days' tallies
(`Tally.add`), so a figure is the same whichever way its days were read. Pure.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from server.config import CentreConfig
from server.reports.visits import MISSED, NO_SHOW, Fact

# Durations in whole seconds as 32-bit integers, 4 bytes each.
DURATION = "i"
# Raised whenever the rules deriving the tallies change (here or in visits.py): a day kept
# by other rules counts as not summarised (reports derive it from its events) and the
# server writes it again.
FACTS_VERSION = 6
# Waits of a service no longer configured are measured against the default target.
DEFAULT_TARGET_S = 15 * 60
# A period's total is the sum of its days: the grouping with one group per day.
TOTAL = "day"
# A told wait is "close" when the real one missed it by at most 5 minutes or a quarter of
# the figure, whichever is more: "10 min" that took 14, or "40 min" that took 50, is what a
# visitor accepts; "5 min" that took 15 is not.
CLOSE_S = 5 * 60
CLOSE_SHARE = 4  # 1/4 of the told figure, kept exact in whole numbers
# A rating of 4 or 5 is a satisfied visitor, of 1 or 2 an unhappy one (3 is neither).
SATISFIED, UNHAPPY = 4, 2


def close_enough(told_s: int, waited_s: int) -> bool:
    """Whether a visitor told `told_s` who waited `waited_s` was told about right."""
    miss = abs(waited_s - told_s)
    return miss <= CLOSE_S or miss * CLOSE_SHARE <= told_s


def _durations() -> array[int]:
    return array(DURATION)


@dataclass
class Tally:
    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    transfers: int = 0
    cancelled: int = 0
    unserved: int = 0
    booked: int = 0
    checked_in: int = 0
    booking_no_shows: int = 0
    punctual: int = 0
    within_target: int = 0
    # First visits: tickets taken at the kiosk (transfers are not arrivals).
    arrivals: int = 0
    # Visits told a wait at issue and called (visits.py): how many, the sums of the told
    # and the real waits, of the misses (real - told) with and without sign, and how many
    # were close. Sums, so days add up and the means come at the end (engine.py).
    told: int = 0
    told_sum_s: int = 0
    waited_sum_s: int = 0
    miss_sum_s: int = 0
    abs_miss_sum_s: int = 0
    told_close: int = 0
    # Ratings (visits.py: each ticket's latest, and the anonymous ones): how many, of which
    # anonymous, the sum of their scores, how many were 4-5 and how many 1-2; and per reason
    # id how many.
    rated: int = 0
    rated_anonymous: int = 0
    score_sum: int = 0
    satisfied: int = 0
    unhappy: int = 0
    # Tickets joined from home (first visits), and of them those whose place lapsed: a no-show
    # at no counter (a remote visitor called and not coming is a no-show at the counter).
    remote: int = 0
    remote_lapsed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    waits: array[int] = field(default_factory=_durations)
    service_times: array[int] = field(default_factory=_durations)

    def count(self, f: Fact, target_s: int) -> None:
        if f.score is not None:
            self.rate(f.score, f.reason)
        if f.kind == "rating":  # an anonymous rating: no visit to count
            self.rated_anonymous += 1
            return
        if f.kind == "booking":
            self.booked += 1
            self.booking_no_shows += f.outcome == MISSED
            return
        self.tickets += 1
        match f.outcome:
            case "served":
                self.served += 1
            case "no_show":
                self.no_shows += 1
            case "transferred":
                self.transfers += 1
            case "cancelled":
                self.cancelled += 1
            case "unserved":
                self.unserved += 1
        self.arrivals += f.leg == 0
        self.remote += f.remote
        self.remote_lapsed += f.remote and f.outcome == NO_SHOW and not f.counter
        self.checked_in += f.booking
        self.punctual += f.punctual
        if f.wait_s is not None:
            self.waits.append(f.wait_s)
            self.within_target += f.wait_s <= target_s
        if f.service_s is not None:
            self.service_times.append(f.service_s)
        if f.told_s is not None and f.waited_s is not None:
            self.told += 1
            self.told_sum_s += f.told_s
            self.waited_sum_s += f.waited_s
            self.miss_sum_s += f.waited_s - f.told_s
            self.abs_miss_sum_s += abs(f.waited_s - f.told_s)
            self.told_close += close_enough(f.told_s, f.waited_s)

    def rate(self, score: int, reason: str) -> None:
        self.rated += 1
        self.score_sum += score
        self.satisfied += score >= SATISFIED
        self.unhappy += score <= UNHAPPY
        if reason:
            self.add_reasons({reason: 1})

    def add(self, other: Tally) -> None:
        self.add_counts(other.counts())
        self.add_reasons(other.reasons)
        self.waits.extend(other.waits)
        self.service_times.extend(other.service_times)

    def add_reasons(self, reasons: dict[str, int]) -> None:
        for reason, n in reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + n

    def add_counts(self, counts: tuple[int, ...]) -> None:
        """Add counts given in the order of COUNTS."""
        for name, n in zip(COUNTS, counts, strict=True):
            setattr(self, name, getattr(self, name) + n)

    def counts(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in COUNTS)


# The fields that are plain counts, summed as they are (by SQLite for kept days).
COUNTS = tuple(f.name for f in fields(Tally) if f.name not in ("reasons", "waits", "service_times"))


def keys_of(f: Fact, config: CentreConfig) -> tuple[tuple[str, str], ...]:
    """The (grouping, group) pairs a fact counts in."""
    s = config.services.get(f.service)
    return (
        ("service", f.service),
        ("institution", s.institution if s else ""),
        ("counter", f.counter),
        ("clerk", f.clerk),
        ("hour", f"{f.hour:02d}"),
        ("weekday", str(f.weekday)),
        ("priority", f.priority),
        ("day", f.day),
    )


DayTallies = dict[tuple[date, str, str], Tally]


def day_tallies(facts: Iterable[Fact], config: CentreConfig) -> DayTallies:
    """Per (day, grouping, group): the tally of the facts. Waits are measured against the
    target of the configuration at hand (a day's summary keeps its own)."""
    out: DayTallies = {}
    targets = {s.id: s.target_wait_min * 60 for s in config.services.values()}
    for f in facts:
        day = date.fromisoformat(f.day)
        target = targets.get(f.service, DEFAULT_TARGET_S)
        for by, key in keys_of(f, config):
            t = out.get((day, by, key))
            if t is None:
                t = out[(day, by, key)] = Tally()
            t.count(f, target)
    return out
