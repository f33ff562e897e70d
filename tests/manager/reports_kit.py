"""Hand-made reports for the manager's tests: a Wednesday's hours, the same weekday's usual
hours, and three services' service times, with figures chosen so the charts are easy to read
against them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from server.protocol.reports import NOBODY_TOLD, By, Figures, Report, Spread, Told

DAY = date(2026, 11, 25)


def spread(mean_s: float | None, count: int = 1) -> Spread:
    return Spread(
        count=count if mean_s is not None else 0,
        mean_s=mean_s,
        median_s=None if mean_s is None else mean_s * 0.8,
        p90_s=None if mean_s is None else mean_s * 1.5,
        max_s=None if mean_s is None else mean_s * 2,
    )


def figures(
    key: str, label: str, tickets: int, wait_min: float | None, service_min: float | None = None
) -> Figures:
    return Figures(
        key=key,
        label=label,
        tickets=tickets,
        served=tickets - 1 if tickets else 0,
        no_shows=1 if tickets else 0,
        transfers=0,
        cancelled=0,
        unserved=0,
        booked=0,
        checked_in=0,
        booking_no_shows=0,
        punctual=0,
        wait=spread(None if wait_min is None else wait_min * 60, tickets),
        service_time=spread(None if service_min is None else service_min * 60, tickets),
        within_target=0.75 if tickets else None,
        arrivals_per_hour=float(tickets),
        told=told(wait_min, tickets),
    )


def told(wait_min: float | None, count: int) -> Told:
    """Told two minutes less than the wait: too optimistic by 2 min, half of them close."""
    if wait_min is None or not count:
        return NOBODY_TOLD
    return Told(
        count=count,
        told_mean_s=(wait_min - 2) * 60,
        waited_mean_s=wait_min * 60,
        error_mean_s=150.0,
        bias_s=120.0,
        close=0.5,
    )


def report(by: By, rows: list[Figures], start: date = DAY, end: date = DAY) -> Report:
    tickets = sum(r.tickets for r in rows)
    return Report(
        centre="Testa centrs",
        start=start,
        end=end,
        by=by,
        lang="en",
        generated_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
        rows=rows,
        total=figures("", "", tickets, 9.0, 7.5),
    )


def day_by_hour() -> Report:
    hours = [("09", 12, 4.0), ("10", 20, 9.5), ("11", 26, 14.0), ("12", 18, 11.0), ("13", 9, 5.0)]
    return report("hour", [figures(h, h, n, w) for h, n, w in hours])


def usual_by_hour() -> Report:
    hours = [("09", 10, 5.0), ("10", 15, 7.0), ("11", 19, 9.0), ("12", 16, 8.0), ("13", 8, 4.0)]
    return report("hour", [figures(h, h, n, w) for h, n, w in hours], date(2026, 9, 30))


def by_service() -> Report:
    rows = [
        figures("social", "Social services", 50, 10.0, 12.0),
        figures("tax", "Taxes", 30, 6.0, 6.5),
        figures("land", "Land register", 5, 3.0, None),
    ]
    return report("service", rows)
