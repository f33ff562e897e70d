"""Reports built by hand for the writers' tests: figures a test can check cell by cell."""

from __future__ import annotations

from datetime import UTC, date, datetime

from server.protocol.reports import (
    NOBODY_RATED,
    By,
    Feedback,
    Figures,
    Reason,
    Report,
    Spread,
    Told,
)

START, END = date(2026, 11, 2), date(2026, 11, 8)
MADE = datetime(2026, 11, 9, 7, 30, tzinfo=UTC)
NO_SPREAD = Spread(count=0, mean_s=None, median_s=None, p90_s=None, max_s=None)
NOT_TOLD = Told(
    count=0, told_mean_s=None, waited_mean_s=None, error_mean_s=None, bias_s=None, close=None
)
# Told 10 min on average, waited 12:34: off by 3:20 either way, 2:34 too optimistic.
TOLD = Told(
    count=20, told_mean_s=600.0, waited_mean_s=754.0, error_mean_s=200.0, bias_s=154.0, close=0.8
)

# 15 rated, one at a tablet: 14 of 38 served answered; a mean of 4.2, 80 % gave 4-5.
FEEDBACK = Feedback(
    rated=15,
    anonymous=1,
    answered=14 / 38,
    score_mean=4.2,
    satisfied=0.8,
    unhappy=2 / 15,
    reasons={"waited_too_long": 2, "other": 1},
)
REASONS = [
    Reason(id="waited_too_long", label="Ilgi gaidīju"),
    Reason(id="not_helped", label="=nepalīdzēja"),
]


def spread(count: int, mean: float, median: float, p90: float, top: float) -> Spread:
    return Spread(count=count, mean_s=mean, median_s=median, p90_s=p90, max_s=top)


def figures(key: str, label: str, tickets: int, **changes: object) -> Figures:
    base: dict[str, object] = {
        "key": key,
        "label": label,
        "tickets": tickets,
        "served": tickets - 2,
        "no_shows": 1,
        "transfers": 1,
        "cancelled": 1,
        "unserved": 0,
        "booked": 0,
        "checked_in": 0,
        "booking_no_shows": 0,
        "punctual": 0,
        "wait": spread(tickets - 1, 754.0, 600.0, 1530.4, 3725.0),
        "service_time": spread(tickets - 2, 480.0, 450.0, 700.0, 900.0),
        "within_target": 0.875,
        "arrivals_per_hour": 12.25,
        "told": TOLD,
        "feedback": NOBODY_RATED,
    }
    base.update(changes)
    return Figures(**base)  # type: ignore[arg-type]


def report(by: By, rows: list[Figures], total: Figures | None = None) -> Report:
    if total is None:
        total = figures("", "Kopā", sum(r.tickets for r in rows))
    return Report(
        centre="Valmieras VPVKAC",
        start=START,
        end=END,
        by=by,
        lang="lv",
        generated_at=MADE,
        rows=rows,
        total=total,
        reasons=REASONS,
    )


def by_service() -> Report:
    return report(
        "service",
        [
            figures("passports", "Pases un ID kartes", 40),
            figures(
                "social",
                "Sociālie pabalsti",
                25,
                within_target=None,
                wait=NO_SPREAD,
                told=NOT_TOLD,
            ),
            figures("declare", '=HYPERLINK("http://x")', 5),
        ],
    )


def by_hour() -> Report:
    rows = [
        figures(
            f"{h:02}",
            f"{h:02}:00",
            10 + h,
            wait=spread(9 + h, 60.0 * h, 50.0 * h, 90.0 * h, 120.0 * h),
        )
        for h in range(8, 18)
    ]
    return report("hour", rows)


WEEKDAYS = ["pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena"]


def by_weekday() -> Report:
    return report(
        "weekday", [figures(str(i + 1), name, 100 + 10 * i) for i, name in enumerate(WEEKDAYS)]
    )
