"""The counter's list of tickets joined from home and not here yet, as a value: which frames
add, mark and drop them, and that other services' are never kept (no Textual, no server)."""

from __future__ import annotations

from counter.away import Away, after, from_welcome, of_service
from server.protocol import events as e
from server.protocol import views as v

AT = "2026-11-25T09:00:00Z"
MINE = ("social",)


def view(number: str, here: bool, lapses_at: str | None = None) -> v.TicketView:
    return v.TicketView(
        number=number,
        service="social",
        priority=None,
        status="waiting",
        counter=None,
        taken_at=AT,
        called_at=None,
        calls=0,
        waited_s=0,
        note="",
        remote=True,
        here=here,
        lapses_at=lapses_at,
    )


def taken(number: str, service: str = "social", remote: bool = True) -> e.Taken:
    return e.Taken(ticket=number, service=service, priority=None, at=AT, remote=remote)


def test_frames_add_mark_and_drop_tickets_not_here() -> None:
    away = from_welcome([view("A001", False, "2026-11-25T09:15:00Z"), view("A002", True)])
    assert away == (Away("A001", "social", "2026-11-25T09:15:00Z"),)
    for frame in (taken("A003"), taken("A004"), taken("A005"), taken("B001", "tax")):
        away = after(away, frame, MINE)
    away = after(away, taken("A006", remote=False), MINE)  # a walk-in is here
    assert [a.number for a in away] == ["A001", "A003", "A004", "A005"]
    away = after(
        away, e.Passed(ticket="A003", counter="2", lapses_at="2026-11-25T09:30:00Z", at=AT), MINE
    )
    assert of_service(away, "social")[1] == Away("A003", "social", "2026-11-25T09:30:00Z")
    away = after(away, e.Arrived(ticket="A001", at=AT), MINE)
    away = after(away, e.Lapsed(ticket="A003", at=AT), MINE)
    away = after(away, e.Cancelled(ticket="A004", at=AT), MINE)
    called = e.Called(
        ticket="A005", counter="1", counter_name="1", service="social", recall=False, at=AT
    )
    away = after(away, called, MINE)
    assert away == ()
    unrelated = e.Arrived(ticket="B001", at=AT)
    assert after((Away("A009", "social"),), unrelated, MINE) == (Away("A009", "social"),)
    assert after((Away("A009", "social"),), e.DayStarted(day="2026-11-26", at=AT), MINE) == ()
