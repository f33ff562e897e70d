"""`[services.booking]`, `[bookings]` and the policy's head start as check-config sees them: a
mistake names the key, the value and what is wrong; all of them at once; and what is allowed
but probably not meant is a warning."""

from __future__ import annotations

from datetime import time

import pytest

from server import config as cfg
from server.config_meaning import Span
from tests.core.test_config import VALID

PASS_BOOKING = """
[services.booking]
slot_min = 20
places = 2
share = 0.5
grace_min = 10
blackout = [2026-12-28]

[services.booking.hours]
mon = ["09:00-12:00"]
sat = []
"""


def bookable(extra: str = PASS_BOOKING) -> str:
    """VALID with the passport service ("pass", the second) taking bookings."""
    at = VALID.index("digits = 4\n") + len("digits = 4\n")
    return VALID[:at] + extra + VALID[at:]


def problems(text: str) -> list[str]:
    with pytest.raises(cfg.ConfigError) as info:
        cfg.loads(text)
    return list(info.value.problems)


def test_booking_hours_default_to_the_centres_and_a_day_can_take_none() -> None:
    c = cfg.loads(bookable())
    hours = c.booking_hours["pass"]
    assert hours[0] == (Span(time(9), time(12)),)  # given
    assert hours[5] == ()  # an empty list: no bookings on Saturdays
    assert hours[1] == c.hours[1]  # left out: the centre's hours (closed on Tuesdays here)
    assert "tax" not in c.booking_hours
    assert c.services["pass"].booking is not None
    assert c.services["pass"].booking.blackout[0].isoformat() == "2026-12-28"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("slot_min = 20", "slot_min = 2", '.booking.slot_min = 2: must be between 5 and 240'),
        ("places = 2", "places = 0", ".booking.places = 0: must be between 1 and 50"),
        ("share = 0.5", "share = 1.5", ".booking.share = 1.5: must be above 0 and at most 1"),
        ("grace_min = 10", "grace_min = -1", ".booking.grace_min = -1: must be between 0 and"),
        ('mon = ["09:00-12:00"]', 'mon = ["07:00-12:00"]',
         '.booking.hours.mon[1] = "07:00-12:00": bookings must lie inside the centre'),
        ('mon = ["09:00-12:00"]', 'mon = ["9-12"]',
         '.booking.hours.mon[1] = "9-12": expected a span like "08:30-17:00"'),
        ("slot_min = 20", 'slot_min = "twenty"',
         '.booking.slot_min: expected a whole number, got "twenty"'),
        ("places = 2", "place = 2", ".booking.place: unknown key; did you mean places?"),
    ],
)  # fmt: skip
def test_a_booking_mistake_names_the_key_the_value_and_the_problem(
    old: str, new: str, problem: str
) -> None:
    (found,) = problems(bookable(PASS_BOOKING.replace(old, new)))
    assert found.startswith('services[2] (id "pass")'), found
    assert problem in found


def test_centre_wide_settings_are_checked_too() -> None:
    text = bookable() + "\n[bookings]\nretain_days = 0\n"
    text = text.replace('name = "strict"', 'name = "strict"\nappointment_head_start_min = 500')
    assert sorted(problems(text)) == [
        "bookings.retain_days = 0: must be at least 1",
        "policy.appointment_head_start_min = 500: must be between 0 and 240",
    ]


def test_a_share_too_small_for_one_visit_per_slot_is_a_warning() -> None:
    # 0.1 of one counter over a 20-minute slot covers 0.2 of a 10-minute visit.
    text = bookable(PASS_BOOKING.replace("share = 0.5", "share = 0.1"))
    (warning,) = [w for w in cfg.loads(text).warnings if "booking" in w]
    assert warning.startswith('services[2] (id "pass").booking: the share kept for bookings')
    assert not [w for w in cfg.loads(bookable()).warnings if "booking" in w]
