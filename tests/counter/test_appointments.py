"""The bookings view's model on its own, without Textual or a server: which frames make the
view look at today's bookings again, how a refused or taken slot leaves the free times, what
a booking request carries, and how booked times read in the clerk's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from counter.appointments import Appointments
from counter.asks import BookSlot, FindSlots, ListBookings
from counter.model import CounterModel, ServiceLine
from counter.said import Said
from counter.words import Words
from server.i18n import Catalog
from server.protocol import events as e
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol.server_frames import Pushed
from server.protocol.views import BookingView, SlotView

SERVICES = {
    "social": ServiceLine("social", "A", {"en": "Social services"}),
    "tax": ServiceLine("tax", "B", {"en": "Taxes"}, bookable=True),
}
OPEN = CounterModel("1", services=SERVICES, mine=("social", "tax"), status="open", clerk="anna")
AT = "2026-11-25T09:00:00Z"


def booking(code: str, start: str, state: str = "booked", **more: str) -> BookingView:
    return BookingView(
        code=code,
        service="tax",
        start=start,
        state=state,  # type: ignore[arg-type]
        ticket=more.pop("ticket", None),
        link=f"http://rinda.test/a/s-{code}",
        **more,
    )


def looking(*slots: tuple[str, int]) -> CounterModel:
    """Signed in, the free slots of "tax" on screen, and today's list with one booking."""
    found = Appointments(
        day="2026-11-25",
        rows=(booking("K7M4QP", "2026-11-25T09:20:00Z", name="Anna", ticket="B001"),),
        listed=True,
        service="tax",
        found="tax",
        slots=tuple(SlotView(start=s, free=n) for s, n in slots),
    )
    return replace(OPEN, appointments=found)


def test_frames_about_todays_bookings_make_the_view_look_again_and_no_others() -> None:
    model = looking()
    seen = model.appointments.seen
    quiet: tuple[Pushed, ...] = (
        e.Taken(ticket="A004", service="social", priority=None, at=AT),  # a walk-in service
        e.Called(
            ticket="A003", counter="2", counter_name="2", service="social", recall=False, at=AT
        ),
        e.Finished(ticket="A003", counter="2", at=AT),
    )
    for frame in quiet:
        assert model.pushed(frame).appointments.seen == seen, frame
    telling: tuple[Pushed, ...] = (
        e.Taken(ticket="B002", service="tax", priority=None, at=AT),  # perhaps a check-in
        e.Called(ticket="B001", counter="3", counter_name="3", service="tax", recall=False, at=AT),
        e.NoShow(ticket="B001", counter="3", at=AT),
        e.DayStarted(day="2026-11-26", at=AT),
    )
    for frame in telling:
        assert model.pushed(frame).appointments.seen == seen + 1, frame


def test_a_booking_frame_changes_its_row_at_once_keeping_the_name_staff_were_told() -> None:
    model = looking()
    cancelled = booking("K7M4QP", "2026-11-25T09:20:00Z", "cancelled")
    (row,) = model.pushed(e.BookingChanged(booking=cancelled, at=AT)).appointments.rows
    assert (row.state, row.name) == ("cancelled", "Anna")


def test_a_refused_time_leaves_the_free_times_and_says_why() -> None:
    model = looking(("2026-11-25T09:40:00Z", 1), ("2026-11-25T10:00:00Z", 1))
    model, book = model.ask(BookSlot("tax", "2026-11-25T09:40:00Z", "", ""), "r1")
    assert isinstance(book, m.Book)
    refused = model.failed(book, "slot_full", "The slot at 25.11.2026 11:40 is full.")
    a = refused.appointments
    assert [s.start for s in a.slots] == ["2026-11-25T10:00:00Z"]
    assert a.seen == model.appointments.seen + 1  # and the view looks them up again
    words = Words(Catalog("counter"), "en")
    assert a.said is not None
    assert words.said(refused, a.said) == (
        "That time was just taken: pick another from the refreshed list."
    )
    assert refused.said is None  # the desk's own sentence is not about bookings


def test_a_booking_made_takes_its_place_from_the_free_times() -> None:
    model = looking(("2026-11-25T09:40:00Z", 2), ("2026-11-25T10:00:00Z", 1))
    for start, left in (
        ("2026-11-25T09:40:00Z", [("2026-11-25T09:40:00Z", 1), ("2026-11-25T10:00:00Z", 1)]),
        ("2026-11-25T10:00:00Z", [("2026-11-25T09:40:00Z", 2)]),
    ):
        asked, book = model.ask(BookSlot("tax", start, " Ilze ", "+371 2"), "r1")
        assert isinstance(book, m.Book)
        made = booking("W3XR9T", start)
        a = asked.replied(book, r.BookingReply(re="r1", booking=made)).appointments
        assert [(s.start, s.free) for s in a.slots] == left
        assert (a.made, a.made_name, a.made_contact) == (made, "Ilze", "+371 2")
        assert a.said == Said("bookings.booked", code="W3XR9T", at=start, service="tax")


def test_a_booking_request_carries_the_trimmed_name_and_contact_within_bounds() -> None:
    _, book = OPEN.ask(BookSlot("tax", "2026-11-25T09:40:00Z", " " + "Ā" * 150, "+371 2 "), "r1")
    assert isinstance(book, m.Book)
    assert (book.name, book.contact) == ("Ā" * 100, "+371 2")
    assert book.start.isoformat() == "2026-11-25T09:40:00+00:00"


def test_a_clerk_signed_out_meanwhile_still_finishes_a_booking() -> None:
    closed = replace(OPEN, status="closed", clerk=None)
    assert not closed.allows("bookings")  # the view does not open without a clerk
    _, request = closed.ask(FindSlots("tax"), "r1")
    assert request == m.FreeSlots(id="r1", service="tax", days=31)
    assert closed.ask(ListBookings(), "r2")[1] == m.Bookings(id="r2")


def test_booked_times_read_on_the_centres_clock_in_the_clerks_language() -> None:
    model = looking()
    lv, ru = Words(Catalog("counter"), "lv"), Words(Catalog("counter"), "ru")
    assert lv.when(model, "2026-11-25T09:20:00Z") == "11:20"  # today: the time alone
    assert lv.when(model, "2026-11-26T07:00:00Z") == "rīt 26.11. 09:00"
    assert ru.when(model, "2026-11-27T07:00:00Z") == "пт 27.11. 09:00"
    assert lv.day(model, date(2026, 11, 25)) == "šodien 25.11."
    # Summer time: 10:00 UTC is 13:00 in Riga.
    assert lv.clock(model, "2027-06-01T10:00:00Z") == "13:00"


def test_a_moved_booking_takes_its_new_place_in_the_list_at_once() -> None:
    model = looking()
    later = booking("W3XR9T", "2026-11-25T10:00:00Z")
    model = replace(
        model, appointments=replace(model.appointments, rows=(*model.appointments.rows, later))
    )
    moved = booking("K7M4QP", "2026-11-25T10:20:00Z")
    rows = model.pushed(e.BookingChanged(booking=moved, at=AT)).appointments.rows
    assert [(b.code, b.start, b.name) for b in rows] == [
        ("W3XR9T", "2026-11-25T10:00:00Z", ""),
        ("K7M4QP", "2026-11-25T10:20:00Z", "Anna"),
    ]
