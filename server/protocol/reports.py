"""The figures of a wait-time report: what `rinda report` prints and writes, and what the
manager's `report` request answers with (docs/reports.md says how each figure is counted).

Kept in the protocol because they travel on the wire; `server/reports/` computes them from the
log and writes them as a table, CSV, XLSX or JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

By = Literal["service", "institution", "counter", "clerk", "hour", "weekday", "priority", "day"]
GROUPINGS: tuple[By, ...] = (
    "service",
    "institution",
    "counter",
    "clerk",
    "hour",
    "weekday",
    "priority",
    "day",
)


class Spread(msgspec.Struct, kw_only=True, frozen=True):
    """A duration's spread over the group, in seconds (None: no value in the group)."""

    count: int
    mean_s: float | None
    median_s: float | None
    p90_s: float | None
    max_s: float | None


class Told(msgspec.Struct, kw_only=True, frozen=True):
    """How the waits told at issue compared with the real ones, over the group's visits that
    were told a wait and were called (seconds; None: no such visit in the group)."""

    count: int
    told_mean_s: float | None
    # The real wait of the same visits, from the issue of the ticket to its first call.
    waited_mean_s: float | None
    # The mean of |real - told|: how far off the figure was, either way.
    error_mean_s: float | None
    # The mean of real - told: above 0, visitors waited longer than told (too optimistic).
    bias_s: float | None
    # Share (0..1) whose real wait was within 5 min or 25 % of the figure told.
    close: float | None


# A group none of whose visits was told a wait (an old log's, or nobody called).
NOBODY_TOLD = Told(
    count=0, told_mean_s=None, waited_mean_s=None, error_mean_s=None, bias_s=None, close=None
)


class Feedback(msgspec.Struct, kw_only=True, frozen=True):
    """What visitors answered to "How was your visit?" in the group: each ticket's latest
    rating (on its last visit) and the anonymous ratings at a tablet (docs/reports.md)."""

    rated: int  # ratings counted: the visits rated and the anonymous ratings
    anonymous: int  # of which anonymous: given at a tablet, tied to no visit
    # (rated - anonymous) / served: the share of the served who answered (None: none served).
    # A no-show or cancelled visit rated counts above, so it may pass 1 in a rare group.
    answered: float | None
    score_mean: float | None  # 1 (very bad) to 5 (very good); None: nobody rated
    satisfied: float | None  # share (0..1) of the ratings that were 4 or 5
    unhappy: float | None  # share (0..1) of the ratings that were 1 or 2
    # Per reason id, how many ratings gave it (a reason nobody gave is left out).
    reasons: dict[str, int]


# A group nobody rated (and none served): an old log's, or a centre without feedback.
NOBODY_RATED = Feedback(
    rated=0, anonymous=0, answered=None, score_mean=None, satisfied=None, unhappy=None, reasons={}
)


class Reason(msgspec.Struct, kw_only=True, frozen=True):
    """A reason a visitor could give with a rating, and what it reads in the report's language."""

    id: str
    label: str


class Figures(msgspec.Struct, kw_only=True, frozen=True):
    """One group's figures (or the whole period's, as `Report.total`)."""

    # The group: a service, institution, counter or clerk id; an hour "08"; an ISO weekday
    # "1" (Monday) to "7"; a priority id or "" for none; a day "2026-11-02"; "" for the total.
    key: str
    # What a person reads for the key: the service's name in the report's language, etc.
    label: str
    tickets: int
    served: int
    no_shows: int
    transfers: int
    cancelled: int
    # Still waiting (or called, never served) when their service day ended.
    unserved: int
    booked: int
    checked_in: int
    booking_no_shows: int
    # Checked-in appointments that arrived no later than their booked time.
    punctual: int
    wait: Spread
    service_time: Spread
    # Share (0..1) of waits that ended within their service's `target_wait_min`.
    within_target: float | None
    # Tickets taken per opening hour of the period.
    arrivals_per_hour: float | None
    # The waits told at issue against the real ones.
    told: Told
    # The visitors' ratings (a report from before feedback has none).
    feedback: Feedback = NOBODY_RATED
    # Tickets joined from home, and how many of them lapsed (never checked in after their
    # turn came); both 0 in a report from before remote joining.
    remote: int = 0
    remote_lapsed: int = 0


class Report(msgspec.Struct, kw_only=True, frozen=True):
    """A period's figures grouped one way."""

    centre: str
    start: date
    end: date
    by: By
    lang: str
    generated_at: datetime
    rows: list[Figures]
    total: Figures
    # The reasons a rating could give, in the configuration's order (then any the log has that
    # the configuration no longer does): the per-reason columns of every writer.
    reasons: list[Reason] = msgspec.field(default_factory=list)
