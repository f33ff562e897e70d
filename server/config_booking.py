"""What a service's `[services.booking]` table means: slot lengths that fit the day, places and
shares that make sense, booking hours that parse and lie inside the centre's opening hours."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from server.config_meaning import WEEKDAYS, Span, parse_span
from server.config_problems import Problems, item

if TYPE_CHECKING:
    from server.config import BookingRules, CentreSpec

# (key, least, most) of the whole-number settings.
_RANGES = (
    ("slot_min", 5, 240),
    ("places", 1, 50),
    ("days_ahead", 1, 366),
    ("grace_min", 0, 120),
)


def _minutes(t: time | None) -> int:
    return 24 * 60 if t is None else t.hour * 60 + t.minute


def _inside(span: Span, centre: tuple[Span, ...]) -> bool:
    return any(
        _minutes(c.start) <= _minutes(span.start) and _minutes(span.end) <= _minutes(c.end)
        for c in centre
    )


def booking_problems(
    spec: CentreSpec, hours: dict[int, tuple[Span, ...]], problems: Problems
) -> dict[str, dict[int, tuple[Span, ...]]]:
    """Every problem of the services' booking tables into `problems`; per service that takes
    bookings, the spans its slots fill on each weekday (the centre's hours where not given)."""
    out: dict[str, dict[int, tuple[Span, ...]]] = {}
    head = spec.policy.appointment_head_start_min
    if not 0 <= head <= 240:
        problems.add("policy.appointment_head_start_min", "must be between 0 and 240", head)
    if spec.bookings.retain_days < 1:
        problems.add("bookings.retain_days", "must be at least 1", spec.bookings.retain_days)
    for i, s in enumerate(spec.services):
        if s.booking is not None:
            at = f"{item('services', i, s.id)}.booking"
            out[s.id] = _one(s.booking, at, hours, problems)
    return out


def _one(
    rules: BookingRules, at: str, hours: dict[int, tuple[Span, ...]], problems: Problems
) -> dict[int, tuple[Span, ...]]:
    for name, low, high in _RANGES:
        value = getattr(rules, name)
        if not low <= value <= high:
            problems.add(f"{at}.{name}", f"must be between {low} and {high}", value)
    if not 0 < rules.share <= 1:
        problems.add(
            f"{at}.share", "must be above 0 and at most 1 (a share of the counters)", rules.share
        )
    spans: dict[int, tuple[Span, ...]] = {}
    for n, day in enumerate(WEEKDAYS):
        given = getattr(rules.hours, day)
        if given is None:
            spans[n] = hours.get(n, ())
            continue
        parsed = [
            parse_span(f"{at}.hours.{day}[{j + 1}]", v, problems) for j, v in enumerate(given)
        ]
        for j, span in enumerate(parsed):
            if span is not None and not _inside(span, hours.get(n, ())):
                problems.add(
                    f"{at}.hours.{day}[{j + 1}]",
                    "bookings must lie inside the centre's opening hours of that day",
                    given[j],
                )
        spans[n] = tuple(s for s in parsed if s is not None)
    for j, d in enumerate(rules.blackout):
        if not isinstance(d, date) or isinstance(d, datetime):
            problems.add(f"{at}.blackout[{j + 1}]", "expected a date like 2026-06-23", str(d))
    if not any(spans.values()):
        problems.warn(at, "no weekday has booking hours: nobody can book this service")
    return spans
