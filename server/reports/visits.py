"""The facts of a report, derived from the log: one row per visit of a ticket to a service's
queue, and one per booking. Pure: events in, rows out (docs/reports.md says why each rule).

A ticket's first visit starts when it is taken; each transfer ends a visit ("transferred")
and starts another at the service it was sent to. A visit's wait runs from joining the queue
(for an appointment: the later of arrival and booked time) to its FIRST call; its service
time from the last call (or the start of serving after it) to the finish. A visit with no
end when its events stop (the day ended, or it is today and still open) is "unserved".

The wait a visitor was told when the ticket was issued (`TicketTaken.told_wait_s`) belongs to
the ticket's first visit only: it was a figure "from now", so it is compared with the time
from the issue to that visit's first call. A transfer's visit was told nothing by Rinda.

A ticket joined from home waits from when it joined, like the core queues it (the visitor
did wait, at home); its check-in (`TicketArrived`) and its turn passing while it was not here
(`TurnPassed`) change no figure. One whose place lapsed (`TicketLapsed`) is a no-show at no
counter.

A visitor's rating (`VisitRated`) goes to the ticket's current visit, the last one: only an
ended visit can be rated, and the latest rating of a ticket replaces the ones before it. An
anonymous rating (at a tablet, tied to no visit) is a row of its own, kind "rating".

The same rows are kept as the daily summaries (server/store/summaries.py) and computed from
the events for days that have none, so both paths give the same figures by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from server.core import events as ev

# What ended a visit.
SERVED, NO_SHOW, TRANSFERRED, CANCELLED, UNSERVED = (
    "served",
    "no_show",
    "transferred",
    "cancelled",
    "unserved",
)
# An anonymous rating's outcome: it is no visit, only an answer.
RATED = "rated"
# A booking's end: its visitor never checked in ("missed"), or anything else but cancelled.
MISSED, BOOKED = "missed", "booked"
# A told wait is kept within a day: the log is trusted, but one absurd figure must not
# overflow the sums SQLite keeps of a year of them.
MAX_TOLD_S = 24 * 3600


class Fact(NamedTuple):
    """One visit of a ticket, or one booking: what a day's tallies are made of."""

    day: str  # the local service day, YYYY-MM-DD (a booking's: the day of its slot)
    kind: str  # "visit", "booking" or "rating" (an anonymous rating)
    ref: str  # the ticket number, or the booking's id ("" for a rating)
    leg: int  # 0 for the visit the ticket was taken for, +1 per transfer
    weekday: int  # ISO: 1 = Monday
    hour: int  # local wall-clock hour the visit joined the queue (a booking: of its slot)
    service: str
    priority: str  # "" for none
    counter: str  # where the visit ended ("" if at none)
    clerk: str  # who was signed in there at the call ("" if nobody)
    outcome: str
    wait_s: int | None
    service_s: int | None
    booking: int  # 1: an appointment's first visit (a check-in)
    punctual: int  # 1: that appointment arrived no later than its booked time
    # The wait told at issue, and the seconds from the issue to the first call: both set
    # only for a ticket's first visit that was told a wait and was called.
    told_s: int | None = None
    waited_s: int | None = None
    # When the visit joined the queue, was first called, began being served and ended (UTC;
    # None: it did not happen). For the anonymous facts export (server/network/).
    joined_at: datetime | None = None
    called_at: datetime | None = None
    began_at: datetime | None = None
    ended_at: datetime | None = None
    # The visitor's latest rating of the visit (1-5) and its reason id; only the visit the
    # ticket ended with can be rated (events.VisitRated).
    score: int | None = None
    reason: str = ""
    # 1: a ticket's first visit that was joined from home (events.TicketTaken.remote).
    remote: int = 0


@dataclass
class _Visit:
    ref: str
    leg: int
    day: date
    joined: datetime  # when the wait starts
    arrived: datetime  # when the visit joined the queue (its hour)
    service: str
    priority: str
    booking: bool = False
    punctual: bool = False
    counter: str = ""
    clerk: str = ""
    told_s: int | None = None  # the wait told at issue (first visits only)
    first_call: datetime | None = None
    began: datetime | None = None
    ended: datetime | None = None
    outcome: str = UNSERVED
    score: int | None = None
    reason: str = ""
    remote: bool = False


def _seconds(start: datetime, end: datetime) -> int:
    """Whole seconds: finer would tell a manager nothing, and whole seconds keep a year's
    medians cheap (server/reports/spread.py). An appointment called before its booked
    time waited no time, not a negative one."""
    return max(0, round((end - start).total_seconds()))


def _fact(v: _Visit, tz: ZoneInfo) -> Fact:
    wait = None if v.first_call is None else _seconds(v.joined, v.first_call)
    served = None
    if v.outcome == SERVED and v.began is not None and v.ended is not None:
        served = _seconds(v.began, v.ended)
    told = waited = None
    if v.told_s is not None and v.first_call is not None:
        # From the issue, not from an appointment's booked time: the figure was "from now".
        told = min(MAX_TOLD_S, max(0, v.told_s))
        waited = _seconds(v.arrived, v.first_call)
    return Fact(
        day=v.day.isoformat(),
        kind="visit",
        ref=v.ref,
        leg=v.leg,
        weekday=v.day.isoweekday(),
        hour=v.arrived.astimezone(tz).hour,
        service=v.service,
        priority=v.priority,
        counter=v.counter,
        clerk=v.clerk,
        outcome=v.outcome,
        wait_s=wait,
        service_s=served,
        booking=int(v.booking),
        punctual=int(v.punctual),
        told_s=told,
        waited_s=waited,
        joined_at=v.arrived,
        called_at=v.first_call,
        began_at=v.began,
        ended_at=v.ended,
        score=v.score,
        reason=v.reason,
        remote=int(v.remote),
    )


def _anonymous(e: ev.VisitRated, tz: ZoneInfo) -> Fact:
    """An anonymous rating as a row of its own: in the day, hour and counter it was given at,
    of no service, so the totals and the by-counter figures count it."""
    local = e.at.astimezone(tz)
    return Fact(
        day=local.date().isoformat(),
        kind="rating",
        ref="",
        leg=0,
        weekday=local.isoweekday(),
        hour=local.hour,
        service="",
        priority="",
        counter=e.counter or "",
        clerk="",
        outcome=RATED,
        wait_s=None,
        service_s=None,
        booking=0,
        punctual=0,
        score=e.score,
        reason=e.reason or "",
    )


def visit_facts(events: Iterable[ev.AnyEvent], tz: ZoneInfo) -> list[Fact]:
    """The visits of the tickets taken in `events` (the events of whole local days, in log
    order), in the order they started, then their anonymous ratings. Events of tickets taken
    before them are ignored."""
    current: dict[str, _Visit] = {}
    visits: list[_Visit] = []
    anonymous: list[Fact] = []
    for e in events:
        if isinstance(e, ev.VisitRated):
            if e.ticket is None:
                anonymous.append(_anonymous(e, tz))
            elif (rated := current.get(e.ticket)) is not None:
                rated.score, rated.reason = e.score, e.reason or ""
            continue
        if isinstance(e, ev.TicketTaken):
            booked = e.booked_for
            v = _Visit(
                ref=e.ticket,
                leg=0,
                day=e.at.astimezone(tz).date(),
                joined=max(e.at, booked) if booked is not None else e.at,
                arrived=e.at,
                service=e.service,
                priority=e.priority or "",
                booking=e.booking is not None,
                punctual=booked is not None and e.at <= booked,
                told_s=e.told_wait_s,
                remote=e.remote,
            )
            # Numbers restart each day: a number seen again is a new day's ticket.
            current[e.ticket] = v
            visits.append(v)
            continue
        if not isinstance(e, ev.TicketEvent | ev.TicketLapsed):
            continue
        cur = current.get(e.ticket)
        if cur is None:
            continue
        _step(cur, e, current, visits)
    return [_fact(v, tz) for v in visits] + anonymous


def _step(
    v: _Visit,
    e: ev.TicketEvent | ev.TicketLapsed,
    current: dict[str, _Visit],
    visits: list[_Visit],
) -> None:
    """What one event of a ticket does to its current visit."""
    match e:
        case ev.TicketCalled():
            v.counter, v.clerk = e.counter, e.clerk or ""
            if not e.recall:
                v.first_call = v.first_call or e.at
                v.began, v.outcome = e.at, UNSERVED
        case ev.ServingStarted():
            v.began = e.at
        case ev.TicketFinished():
            v.counter, v.ended, v.outcome = e.counter, e.at, SERVED
        case ev.TicketNoShow():
            v.counter, v.ended, v.outcome = e.counter, e.at, NO_SHOW
        case ev.TicketLapsed():
            # A remote ticket that never came: a no-show at no counter.
            v.counter, v.ended, v.outcome = "", e.at, NO_SHOW
        case ev.TicketCancelled():
            v.ended, v.outcome = e.at, CANCELLED
        case ev.TicketTransferred():
            v.counter, v.ended, v.outcome = e.counter, e.at, TRANSFERRED
            nxt = _Visit(
                ref=v.ref,
                leg=v.leg + 1,
                day=v.day,
                joined=e.at,
                arrived=e.at,
                service=e.service,
                priority=v.priority,
                # A rating belongs to the ticket's last visit (the core takes none before a
                # visit ends: this only keeps a log that did so to the same rule).
                score=v.score,
                reason=v.reason,
            )
            v.score, v.reason = None, ""
            current[e.ticket] = nxt
            visits.append(nxt)


@dataclass
class _Booking:
    service: str
    start: datetime
    cancelled: bool = False
    missed: bool = False


def booking_facts(events: Iterable[ev.AnyEvent], tz: ZoneInfo, days: set[date]) -> list[Fact]:
    """One row per booking not cancelled whose slot falls on one of `days`, from the booking
    events in log order (every event of those bookings must be among them)."""
    bookings: dict[str, _Booking] = {}
    for e in events:
        match e:
            case ev.BookingMade():
                bookings[e.booking] = _Booking(e.service, e.start)
            case ev.BookingMoved():
                if e.booking in bookings:
                    bookings[e.booking].start = e.start
            case ev.BookingCancelled():
                if e.booking in bookings:
                    bookings[e.booking].cancelled = True
            case ev.BookingMissed():
                if e.booking in bookings:
                    bookings[e.booking].missed = True
    out = []
    for ref, b in bookings.items():
        local = b.start.astimezone(tz)
        if b.cancelled or local.date() not in days:
            continue
        out.append(
            Fact(
                day=local.date().isoformat(),
                kind="booking",
                ref=ref,
                leg=0,
                weekday=local.isoweekday(),
                hour=local.hour,
                service=b.service,
                priority="",
                counter="",
                clerk="",
                outcome=MISSED if b.missed else BOOKED,
                wait_s=None,
                service_s=None,
                booking=0,
                punctual=0,
            )
        )
    return out
