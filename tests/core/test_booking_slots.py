"""Slots (server/core/booking.py): which times a service offers, how many places each has,
which are free, and that they follow Riga's wall clock across both 2026 DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from server.core import booking as bk
from server.core import commands as c
from server.core import errors as err
from server.core.booking import BookingBook, check_slot, day_slots, free_slots, places

MON = date(2026, 2, 9)  # a Monday in winter
SPRING = date(2026, 3, 29)  # clocks go 03:00 -> 04:00
AUTUMN = date(2026, 10, 25)  # clocks go 04:00 -> 03:00


def booked(**rules: object) -> dict[str, object]:
    return {"id": "a", "prefix": "A", "stop_issuing_min": 0, "booking": rules}


def local(config, starts: list[datetime]) -> list[str]:
    """Slot starts as the visitor reads them: local "HH:MM"."""
    return [f"{s.astimezone(config.tz):%H:%M}" for s in starts]


def test_slots_fill_the_centre_hours_when_the_service_names_none(kit):
    config = kit.config(services=[booked(slot_min=30)], hours=kit.OFFICE)
    s = config.services["a"]
    slots = day_slots(config, s, MON)
    assert local(config, slots)[:3] == ["08:00", "08:30", "09:00"]
    assert local(config, slots)[-1] == "16:30"  # ends at 17:00 with the centre
    assert len(slots) == 18
    assert all(x.tzinfo is UTC for x in slots)
    assert local(config, day_slots(config, s, MON + timedelta(days=5))) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
    ]  # Saturday 09:00-13:00
    assert day_slots(config, s, MON + timedelta(days=6)) == []  # Sunday: closed


def test_booking_hours_with_a_lunch_break_and_days_left_out_or_closed(kit):
    hours = {"mon": ["09:00-12:00", "13:00-15:00"], "sat": []}
    config = kit.config(services=[booked(slot_min=20, hours=hours)], hours=kit.OFFICE)
    s = config.services["a"]
    monday = local(config, day_slots(config, s, MON))
    assert monday == [
        *("09:00", "09:20", "09:40", "10:00", "10:20", "10:40", "11:00", "11:20", "11:40"),
        *("13:00", "13:20", "13:40", "14:00", "14:20", "14:40"),
    ]
    # Tuesday is not named: it books in the centre's hours; Saturday books nothing.
    assert local(config, day_slots(config, s, MON + timedelta(days=1)))[0] == "08:00"
    assert len(day_slots(config, s, MON + timedelta(days=1))) == 27
    assert day_slots(config, s, MON + timedelta(days=5)) == []


def test_a_slot_length_that_does_not_divide_the_span_leaves_its_tail_unbooked(kit):
    hours = {"mon": ["09:00-10:00", "11:00-11:50"]}
    config = kit.config(services=[booked(slot_min=25, hours=hours)], hours=kit.OFFICE)
    slots = day_slots(config, config.services["a"], MON)
    # 09:50 would end at 10:15, past the span; 11:25 would end at 11:50 exactly: it fits.
    assert local(config, slots) == ["09:00", "09:25", "11:00", "11:25"]


def test_holidays_and_blackout_dates_have_no_slots(kit):
    config = kit.config(
        services=[booked(slot_min=30, blackout=[MON + timedelta(days=1)])],
        hours=kit.OFFICE,
        holidays=(str(MON),),
    )
    s = config.services["a"]
    assert day_slots(config, s, MON) == []
    assert day_slots(config, s, MON + timedelta(days=1)) == []
    assert day_slots(config, s, MON + timedelta(days=2)) != []
    now = kit.riga(2026, 2, 8, 12)
    book = BookingBook()
    days = {bk.local_day(config, x) for x, _ in free_slots(config, book, s, now)}
    assert MON not in days and MON + timedelta(days=1) not in days
    for day in (MON, MON + timedelta(days=1)):
        with pytest.raises(err.SlotUnavailable, match="takes no bookings"):
            check_slot(config, book, s, kit.riga(day.year, day.month, day.day, 10), now)


def test_free_slots_reach_days_ahead_and_no_further(kit):
    config = kit.config(services=[booked(slot_min=60, days_ahead=3)], hours=kit.OFFICE)
    s = config.services["a"]
    now = kit.riga(2026, 2, 9, 16, 30)  # Monday afternoon: only Tue-Thu are left
    days = sorted({bk.local_day(config, x) for x, _ in free_slots(config, BookingBook(), s, now)})
    assert days == [MON + timedelta(days=n) for n in (1, 2, 3)]
    # Asking for more days does not widen the window.
    wanted = [MON + timedelta(days=n) for n in range(10)]
    assert max(x for x, _ in free_slots(config, BookingBook(), s, now, wanted)) == kit.riga(
        2026, 2, 12, 16
    )
    check_slot(config, BookingBook(), s, kit.riga(2026, 2, 12, 16), now)
    with pytest.raises(err.SlotUnavailable, match="at most 3 days ahead"):
        check_slot(config, BookingBook(), s, kit.riga(2026, 2, 13, 9), now)


@pytest.mark.parametrize(
    ("rules", "counters", "expected"),
    [
        # share 0.5 x 2 counters x 20 min / 10 min a visit = 2, below the 5 places asked for
        ({"places": 5, "share": 0.5, "slot_min": 20}, {"c1": ["a"], "c2": ["a"]}, 2),
        ({"places": 1, "share": 0.5, "slot_min": 20}, {"c1": ["a"], "c2": ["a"]}, 1),
        # one counter serving a, one not: only c1 counts
        ({"places": 5, "share": 0.5, "slot_min": 40}, {"c1": ["a"], "c2": ["b"]}, 2),
        # a tiny share still leaves one place
        ({"places": 5, "share": 0.05, "slot_min": 10}, {"c1": ["a"]}, 1),
        ({"places": 50, "share": 1.0, "slot_min": 60}, {"c1": ["a"], "c2": ["a", "b"]}, 12),
    ],
)
def test_places_are_capped_by_the_share_of_the_counters(kit, rules, counters, expected):
    services = [booked(**rules), {"id": "b", "prefix": "B"}]
    config = kit.config(services=services, counters=counters)
    assert places(config, config.services["a"]) == expected


def test_a_slot_shows_its_free_places_and_disappears_when_full(kit):
    config = kit.config(services=[booked(slot_min=20, places=2, share=1.0)], counters={"c1": ["a"]})
    s = config.services["a"]
    now = kit.riga(2026, 2, 9, 8)
    centre = kit.centre(services=[booked(slot_min=20, places=2, share=1.0)])
    at_ten = kit.riga(2026, 2, 9, 10)
    book = centre.appointments.index

    def free_at_ten() -> int | None:
        return dict(free_slots(config, book, s, now, [MON])).get(at_ten)

    assert free_at_ten() == 2
    kit.book(centre, "a", at_ten, now, "AAAAA2")
    assert free_at_ten() == 1
    kit.book(centre, "a", at_ten, now, "AAAAA3")
    assert free_at_ten() is None
    assert dict(free_slots(config, book, s, now, [MON]))[kit.riga(2026, 2, 9, 10, 20)] == 2
    kit.rejected(centre, _book(at_ten, "AAAAA4"), now, err.SlotFull)


def _book(start: datetime, code: str) -> c.Book:
    return c.Book(service="a", start=start, booking=code.lower(), code=code, secret=code, by="x")


def test_slots_that_have_begun_are_not_offered_or_bookable(kit):
    config = kit.config(services=[booked(slot_min=30)], hours=kit.OFFICE)
    s = config.services["a"]
    now = kit.riga(2026, 2, 9, 10)  # the 10:00 slot begins right now
    starts = [x for x, _ in free_slots(config, BookingBook(), s, now, [MON])]
    assert local(config, starts)[0] == "10:30"
    for at in (kit.riga(2026, 2, 9, 10), kit.riga(2026, 2, 9, 9, 30)):
        with pytest.raises(err.SlotInPast):
            check_slot(config, BookingBook(), s, at, now)
    with pytest.raises(err.SlotUnavailable, match="not a slot"):
        check_slot(config, BookingBook(), s, kit.riga(2026, 2, 9, 10, 45), now)
    with pytest.raises(err.SlotUnavailable, match="time zone"):
        check_slot(config, BookingBook(), s, datetime(2026, 2, 9, 11), now)


# ---- daylight saving time ------------------------------------------------------------------


@pytest.fixture
def round_the_clock(kit):
    return kit.config(services=[booked(slot_min=30, share=1.0, places=2)])


@pytest.fixture
def night_span(kit):
    """An all-day centre whose service books only 02:00-05:00, across the changes."""
    hours = {"sun": ["02:00-05:00"]}
    return kit.config(services=[booked(slot_min=30, hours=hours)])


def test_spring_forward_has_no_slot_at_a_wall_time_that_does_not_exist(round_the_clock, night_span):
    slots = day_slots(night_span, night_span.services["a"], SPRING)
    assert local(night_span, slots) == ["02:00", "02:30", "04:00", "04:30"]
    assert [f"{x:%H:%M}" for x in slots] == ["00:00", "00:30", "01:00", "01:30"]  # UTC
    whole = day_slots(round_the_clock, round_the_clock.services["a"], SPRING)
    assert len(whole) == 46  # a 23-hour day
    assert not any("03:" in t for t in local(round_the_clock, whole))
    assert whole == sorted(set(whole))


def test_fall_back_offers_the_repeated_hour_once(round_the_clock, night_span, kit):
    slots = day_slots(night_span, night_span.services["a"], AUTUMN)
    assert local(night_span, slots) == ["02:00", "02:30", "03:00", "03:30", "04:00", "04:30"]
    assert slots == sorted(set(slots))
    # The first 03:00 (summer time, 00:00 UTC) is the slot; the second (01:00 UTC) is not.
    assert kit.riga(2026, 10, 25, 3, fold=0) in slots
    assert kit.riga(2026, 10, 25, 3, fold=1) not in slots
    whole = day_slots(round_the_clock, round_the_clock.services["a"], AUTUMN)
    assert len(whole) == 48 and len(set(local(round_the_clock, whole))) == 48


@pytest.mark.parametrize("change", [SPRING, AUTUMN])
def test_a_nine_oclock_slot_is_at_nine_local_around_each_change(round_the_clock, change):
    s = round_the_clock.services["a"]
    offsets = set()
    for n in (-1, 0, 1):
        day = change + timedelta(days=n)
        nine = datetime.combine(day, time(9), round_the_clock.tz)
        assert nine.astimezone(UTC) in day_slots(round_the_clock, s, day)
        offsets.add(nine.utcoffset())
    assert len(offsets) == 2  # the UTC instant moved, the wall clock did not


def test_booking_and_checking_in_across_the_spring_change(kit):
    centre = kit.centre(services=[booked(slot_min=30)])
    before = kit.riga(2026, 3, 28, 20)  # Saturday evening, winter time
    nine = kit.riga(2026, 3, 29, 9)  # Sunday 09:00, summer time
    assert nine == datetime(2026, 3, 29, 6, tzinfo=UTC)
    kit.book(centre, "a", nine, before, "SPR2NG")
    taken = kit.check_in(centre, "SPR2NG", kit.riga(2026, 3, 29, 8, 50))
    assert taken.booked_for == nine
    assert centre.state.tickets[taken.ticket].queued_at == nine
    # 04:30 is the slot after 02:30 that night: one real half hour later.
    kit.book(centre, "a", kit.riga(2026, 3, 29, 4, 0), before, "NGHT22")
    assert kit.riga(2026, 3, 29, 4) - kit.riga(2026, 3, 29, 2, 30) == timedelta(minutes=30)


def test_booking_and_checking_in_in_the_repeated_hour(kit):
    centre = kit.centre(services=[booked(slot_min=30, grace_min=10)])
    before = kit.riga(2026, 10, 24, 20)
    first_three = kit.riga(2026, 10, 25, 3, fold=0)
    second_three = kit.riga(2026, 10, 25, 3, fold=1)
    kit.run(centre, c.RollDay(), before)
    kit.rejected(centre, _book(second_three, "AUTMN2"), before, err.SlotUnavailable)
    kit.book(centre, "a", first_three, before, "AUTMN2")
    kit.book(centre, "a", kit.riga(2026, 10, 25, 3, 30, fold=0), before, "AUTMN3")
    # Within grace of the first 03:00; the same wall time an hour later is too late.
    taken = kit.check_in(centre, "AUTMN2", kit.riga(2026, 10, 25, 3, 5, fold=0))
    assert taken.booked_for == first_three
    check = c.CheckIn(code="AUTMN3", token="t", device="k")
    kit.rejected(centre, check, kit.riga(2026, 10, 25, 3, 35, fold=1), err.BookingLapsed)


def test_remembered_slots_follow_the_config_they_are_asked_with(kit):
    """The index remembers each day's slots (tests/bench/free_slots.py); another config is
    another calendar."""
    half = kit.config(services=[booked(slot_min=30)], hours=kit.OFFICE)
    hour = kit.config(services=[booked(slot_min=60)], hours=kit.OFFICE)
    book, now = BookingBook(), kit.riga(2026, 2, 8, 12)
    for config, n in ((half, 18), (hour, 9), (half, 18)):
        slots = [x for x, _ in free_slots(config, book, config.services["a"], now, [MON])]
        assert slots == day_slots(config, config.services["a"], MON) and len(slots) == n
