"""The booking commands of the core (server/core/appointments.py): book, import, move, cancel,
check in, the missed bookings at the end of grace, and a state that survives a snapshot."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import msgspec
import pytest

from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.booking import free_slots
from server.core.centre import Centre
from server.core.model import State

MON = date(2026, 2, 9)
HOLIDAY = date(2026, 2, 11)  # a Wednesday
BLACKOUT = date(2026, 2, 12)
SERVICES = [
    {
        "id": "a",
        "prefix": "A",
        "stop_issuing_min": 0,
        "booking": {"slot_min": 20, "places": 1, "grace_min": 10, "blackout": [BLACKOUT]},
    },
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
]


@pytest.fixture
def centre(kit) -> Centre:
    return kit.centre(
        services=SERVICES,
        counters={"c1": ["a", "b"]},
        hours=kit.OFFICE,
        holidays=(str(HOLIDAY),),
    )


def at(kit, day: date, h: int, mi: int = 0) -> datetime:
    return kit.riga(day.year, day.month, day.day, h, mi)


def book(start: datetime, code: str, service: str = "a") -> c.Book:
    return c.Book(
        service=service, start=start, booking=code.lower(), code=code, secret=code[::-1], by="x"
    )


def check_in(code: str) -> c.CheckIn:
    return c.CheckIn(code=code, token="tok", device="kiosk1")


def started(kit, centre: Centre, now: datetime) -> datetime:
    """Start the service day of `now` (as the server does before any command)."""
    if centre.needs_roll(now):
        kit.run(centre, c.RollDay(), now)
    return now


# ---- book ----------------------------------------------------------------------------------


def test_a_booking_takes_its_place_and_is_found_by_code(kit, centre):
    now = started(kit, centre, at(kit, MON, 8))
    kit.book(centre, "a", at(kit, MON, 10), now, "ABCDE2")
    b = centre.appointments.by_code("ABCDE2")
    assert (b.service, b.start, b.status) == ("a", at(kit, MON, 10), "booked")
    assert centre.appointments.index.by_secret["2EDCBA"] is b


@pytest.mark.parametrize(
    ("start", "error", "words"),
    [
        ((MON, 7, 40), err.SlotInPast, "already begun"),
        ((MON, 8, 0), err.SlotInPast, "already begun"),
        ((MON, 17, 0), err.SlotUnavailable, "not a slot"),  # the centre closes at 17:00
        ((MON, 10, 10), err.SlotUnavailable, "not a slot"),  # between two slots
        ((HOLIDAY, 10, 0), err.SlotUnavailable, "takes no bookings"),
        ((BLACKOUT, 10, 0), err.SlotUnavailable, "takes no bookings"),
        ((date(2026, 4, 9), 10, 0), err.SlotUnavailable, "30 days ahead"),
    ],
)
def test_a_booking_outside_the_slots_is_refused_and_changes_nothing(
    kit, centre, start, error, words
):
    now = started(kit, centre, at(kit, MON, 8))
    e = kit.rejected(centre, book(at(kit, *start), "ABCDE2"), now, error)
    assert words in e.message


def test_a_full_slot_an_unknown_service_a_walk_in_service_and_a_used_code_are_refused(kit, centre):
    now = started(kit, centre, at(kit, MON, 8))
    ten = at(kit, MON, 10)
    kit.book(centre, "a", ten, now, "ABCDE2")
    kit.rejected(centre, book(ten, "ABCDE3"), now, err.SlotFull)
    kit.rejected(centre, book(ten, "ABCDE3", "nope"), now, err.UnknownService)
    kit.rejected(centre, book(ten, "ABCDE3", "b"), now, err.NotBookable)
    kit.rejected(centre, book(at(kit, MON, 11), "ABCDE2"), now, err.CodeTaken)


# ---- import --------------------------------------------------------------------------------


def test_an_import_is_all_or_nothing_and_names_the_line_refused(kit, centre):
    now = started(kit, centre, at(kit, MON, 8))
    rows = (
        book(at(kit, MON, 9), "IMP222"),
        book(at(kit, MON, 9, 20), "IMP333"),
        book(at(kit, MON, 9), "IMP444"),  # the 09:00 place went to line 2
    )
    cmd = c.ImportBookings(bookings=rows, lines=(2, 3, 4))
    e = kit.rejected(centre, cmd, now, err.SlotFull)
    assert e.message.startswith("Line 4: ") and e.message.endswith("Nothing was imported.")
    twice = c.ImportBookings(bookings=(rows[0], book(at(kit, MON, 11), "IMP222")), lines=(7, 9))
    assert kit.rejected(centre, twice, now, err.CodeTaken).message.startswith("Line 9: ")
    past = c.ImportBookings(bookings=(book(at(kit, MON, 7), "IMP555"),), lines=(2,))
    assert kit.rejected(centre, past, now, err.SlotInPast).message.startswith("Line 2: ")
    good = c.ImportBookings(bookings=rows[:2], lines=(2, 3))
    assert [type(x) for x in kit.run(centre, good, now)] == [ev.BookingMade] * 2
    assert set(centre.state.bookings) == {"imp222", "imp333"}


# ---- move and cancel -----------------------------------------------------------------------


def test_moving_frees_the_old_place_and_its_own_place_does_not_count_against_it(kit, centre):
    now = started(kit, centre, at(kit, MON, 8))
    ten, eleven = at(kit, MON, 10), at(kit, MON, 11)
    bid = kit.book(centre, "a", ten, now, "MOVE22")
    # The slot is full, of this very booking: "moving" it there is allowed.
    kit.run(centre, c.MoveBooking(booking=bid, start=ten, by="x"), now)
    kit.run(centre, c.MoveBooking(booking=bid, start=eleven, by="x"), now)
    assert centre.appointments.index.taken == {("a", eleven): 1}
    kit.book(centre, "a", ten, now, "OTHER2")  # the old place is free again
    kit.rejected(centre, c.MoveBooking(booking=bid, start=ten, by="x"), now, err.SlotFull)
    kit.rejected(centre, c.MoveBooking(booking="nope", start=ten, by="x"), now, err.UnknownBooking)
    kit.rejected(
        centre, c.MoveBooking(booking=bid, start=at(kit, MON, 7), by="x"), now, err.SlotInPast
    )


def test_cancelling_frees_the_place_and_closes_the_booking(kit, centre):
    now = started(kit, centre, at(kit, MON, 8))
    ten = at(kit, MON, 10)
    bid = kit.book(centre, "a", ten, now, "CANC22")
    kit.run(centre, c.CancelBooking(booking=bid, by="x"), now)
    assert centre.state.bookings[bid].status == "cancelled"
    assert centre.appointments.index.taken == {}
    kit.book(centre, "a", ten, now, "CANC33")
    kit.rejected(centre, c.CancelBooking(booking=bid, by="x"), now, err.BookingClosed)
    kit.rejected(centre, c.MoveBooking(booking=bid, start=ten, by="x"), now, err.BookingClosed)
    kit.rejected(centre, check_in("CANC22"), now, err.BookingClosed)


# ---- check in ------------------------------------------------------------------------------


@pytest.mark.parametrize("minute", [-45, 0, 10])  # early, on time, the last minute of grace
def test_checking_in_early_or_within_grace_queues_from_the_booked_time(kit, centre, minute):
    ten = at(kit, MON, 10)
    kit.book(centre, "a", ten, started(kit, centre, at(kit, MON, 8)), "CHK222")
    taken = kit.check_in(centre, "CHK222", ten + timedelta(minutes=minute))
    t = centre.state.tickets[taken.ticket]
    assert (t.booking, t.booked_for, t.queued_at, t.status) == ("chk222", ten, ten, "waiting")
    assert centre.state.bookings["chk222"].status == "checked_in"
    assert centre.state.bookings["chk222"].ticket == taken.ticket
    again = check_in("CHK222")
    e = kit.rejected(centre, again, ten + timedelta(minutes=minute + 1), err.BookingClosed)
    assert taken.ticket in e.message


def test_checking_in_after_grace_another_day_or_with_a_wrong_code_is_refused(kit, centre):
    ten = at(kit, MON, 10)
    kit.book(centre, "a", ten, started(kit, centre, at(kit, MON, 8)), "CHK222")
    kit.book(centre, "a", at(kit, MON + timedelta(days=1), 10), at(kit, MON, 8), "TMRW22")
    late = ten + timedelta(minutes=10, seconds=1)
    kit.rejected(centre, check_in("CHK222"), late, err.BookingLapsed)
    kit.rejected(centre, check_in("TMRW22"), ten, err.BookingNotToday)
    kit.rejected(centre, check_in("ZZZZZ2"), ten, err.UnknownBooking)
    assert centre.state.tickets == {}
    # A walk-in ticket taken instead queues from its arrival.
    number = kit.take(centre, late)
    assert centre.state.tickets[number].queued_at == late
    assert centre.state.tickets[number].booking is None


def test_a_visitor_late_past_midnight_within_grace_still_checks_in(kit):
    services = [{"id": "a", "prefix": "A", "stop_issuing_min": 0, "booking": {"grace_min": 20}}]
    centre = kit.centre(services=services)
    late = at(kit, MON, 23, 45)
    kit.book(centre, "a", late, at(kit, MON, 20), "NIGHT2")
    taken = kit.check_in(centre, "NIGHT2", late + timedelta(minutes=18))  # 00:03 on Tuesday
    assert taken.booked_for == late
    assert centre.state.day == MON + timedelta(days=1)


# ---- missed bookings and the new day -------------------------------------------------------


def test_the_end_of_grace_marks_a_booking_missed_and_frees_its_place(kit, centre):
    ten = at(kit, MON, 10)
    bid = kit.book(centre, "a", ten, started(kit, centre, at(kit, MON, 8)), "MISS22")
    kit.book(centre, "a", at(kit, MON, 11), at(kit, MON, 8), "LATER2")
    end = ten + timedelta(minutes=10)
    assert kit.run(centre, c.MarkMissed(), end) == []  # the last moment of grace
    assert kit.run(centre, c.MarkMissed(), end + timedelta(seconds=1)) == [
        ev.BookingMissed(at=end + timedelta(seconds=1), booking=bid)
    ]
    assert centre.state.bookings[bid].status == "missed"
    assert ("a", ten) not in centre.appointments.index.taken
    assert ("a", at(kit, MON, 11)) in centre.appointments.index.taken
    kit.rejected(centre, check_in("MISS22"), end + timedelta(minutes=1), err.BookingLapsed)
    assert kit.run(centre, c.MarkMissed(), end + timedelta(minutes=2)) == []


def test_the_new_day_settles_missed_bookings_and_forgets_old_ones(kit, centre):
    kit.book(centre, "a", at(kit, MON, 16), started(kit, centre, at(kit, MON, 8)), "MON222")
    kit.book(centre, "a", at(kit, MON + timedelta(days=1), 9), at(kit, MON, 8), "TUE222")
    tuesday = at(kit, MON + timedelta(days=1), 8)
    rolled = centre.execute(c.RollDay(), tuesday)
    assert [type(x) for x in rolled] == [ev.BookingMissed, ev.DayRolled]
    assert centre.state.bookings["mon222"].status == "missed"  # yesterday is still kept
    thursday = at(kit, MON + timedelta(days=3), 8)
    centre.execute(c.RollDay(), thursday)
    assert set(centre.state.bookings) == set()  # Monday and Tuesday are in the log only
    kit.rejected(centre, check_in("TUE222"), thursday, err.UnknownBooking)
    assert centre.appointments.index.by_code == {} and centre.appointments.index.taken == {}


# ---- a snapshot ----------------------------------------------------------------------------


def test_a_state_restored_from_a_snapshot_continues_like_the_live_one(kit, centre):
    now = started(kit, centre, at(kit, MON, 8))
    for i, h in enumerate((9, 10, 11, 12)):
        kit.book(centre, "a", at(kit, MON, h), now, f"SNAP{i + 2}2")
    kit.run(centre, c.CancelBooking(booking="snap32", by="x"), now)
    kit.book(centre, "a", at(kit, MON + timedelta(days=1), 9), now, "NEXT22")
    snapshot = msgspec.json.encode(centre.state)

    later: list[ev.AnyEvent] = []
    later += kit.run(centre, c.MoveBooking(booking="snap42", start=at(kit, MON, 15), by="x"), now)
    later += kit.run(centre, check_in("SNAP22"), at(kit, MON, 8, 55))
    later += kit.run(centre, c.MarkMissed(), at(kit, MON, 12, 11))
    later += centre.execute(c.RollDay(), at(kit, MON + timedelta(days=1), 8))

    restored = Centre(centre.config, msgspec.json.decode(snapshot, type=State))
    for e in later:
        restored.apply(e)
    assert msgspec.json.encode(restored.state) == msgspec.json.encode(centre.state)
    live, back = centre.appointments.index, restored.appointments.index
    assert (back.taken, set(back.by_code), set(back.by_secret)) == (
        live.taken,
        set(live.by_code),
        set(live.by_secret),
    )
    s = centre.config.services["a"]
    now = at(kit, MON + timedelta(days=1), 8)
    assert free_slots(centre.config, back, s, now) == free_slots(centre.config, live, s, now)
    kit.rejected(restored, book(at(kit, MON + timedelta(days=1), 9), "NEXT33"), now, err.SlotFull)
