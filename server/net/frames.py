"""Server-to-client frames from the centre's state: the welcome snapshot per role, and the
wire event of each committed domain event (the shapes are in `server.protocol`).

Ticket status tokens are secrets (they open the visitor's phone page) and never leave here
except in the kiosk's own `take_ticket` reply.
"""

from __future__ import annotations

from datetime import datetime
from typing import overload

import msgspec

from server import __version__
from server.config import Text
from server.core import events as ev
from server.core import remote
from server.core.centre import Centre
from server.core.estimate import Waits
from server.core.hours import availability
from server.core.model import Booking, Ticket
from server.protocol import events as out
from server.protocol import views as v
from server.protocol import welcome as w
from server.protocol.messages import PROTOCOL
from server.protocol.views import BookingState


@overload
def iso(t: datetime) -> str: ...
@overload
def iso(t: datetime | None) -> str | None: ...
def iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat().replace("+00:00", "Z")


def texts(t: Text) -> v.Texts:
    return msgspec.structs.asdict(t)


def ticket_view(centre: Centre, t: Ticket, now: datetime) -> v.TicketView:
    """What staff screens show of a ticket (no token, no personal data)."""
    return v.TicketView(
        number=t.number,
        service=t.service,
        priority=t.priority,
        status=t.status,
        counter=t.counter,
        taken_at=iso(t.taken_at),
        called_at=iso(t.called_at),
        calls=t.calls,
        waited_s=round(((t.called_at or now) - t.taken_at).total_seconds()),
        note=t.note,
        booked_for=iso(t.booked_for),
        remote=t.remote,
        here=not t.absent,
        passed_at=iso(t.passed_at),
        lapses_at=iso(remote.grace_end(centre.config, t)),
    )


# The ticket's status → what the booking is, once checked in.
_TICKET_STATE: dict[str, BookingState] = {
    "waiting": "waiting",
    "called": "called",
    "serving": "called",
    "done": "served",
    "no_show": "no_show",
    "cancelled": "cancelled",
    "expired": "no_show",
}


def state_of(centre: Centre, b: Booking, now: datetime) -> BookingState:
    if b.status == "checked_in":
        t = centre.state.tickets.get(b.ticket or "")
        # A ticket of an earlier day is no longer in the state: it was served or expired.
        return _TICKET_STATE[t.status] if t is not None else "served"
    if b.status == "missed":
        return "lapsed"
    if b.status == "cancelled":
        return "cancelled"
    return "late" if now >= b.start else "booked"


def _service_of(centre: Centre, number: str) -> str:
    t = centre.state.tickets.get(number)
    return t.service if t is not None else ""


def _booked(centre: Centre, number: str) -> bool:
    t = centre.state.tickets.get(number)
    return t is not None and t.booking is not None


def booking_view(
    centre: Centre, b: Booking, now: datetime, name: str = "", contact: str = ""
) -> v.BookingView:
    """A booking as staff see it; `name` and `contact` only where staff asked for them."""
    public = centre.config.spec.centre.public_url.rstrip("/")
    return v.BookingView(
        code=b.code,
        service=b.service,
        start=iso(b.start),
        state=state_of(centre, b, now),
        ticket=b.ticket,
        link=f"{public}/a/{b.secret}",
        name=name,
        contact=contact,
    )


def issued_ticket(centre: Centre, t: Ticket, ahead: int, wait_s: int) -> v.IssuedTicket:
    """A kiosk's new ticket, with its phone link (the only frame that carries it)."""
    public = centre.config.spec.centre.public_url.rstrip("/")
    return v.IssuedTicket(
        number=t.number,
        service=t.service,
        priority=t.priority,
        issued_at=iso(t.taken_at),
        position=ahead + 1,
        ahead=ahead,
        estimated_wait_s=wait_s,
        status_url=f"{public}/t/{t.token}",
        booked_for=iso(t.booked_for),
        remote=t.remote,
    )


def queue_services(centre: Centre, now: datetime, waits: Waits) -> dict[str, v.QueueState]:
    """Each service's queue, with the wait of a walk-in taking a ticket now from `waits`
    (the owner's current estimate, the figure every screen shows)."""
    out: dict[str, v.QueueState] = {}
    for sid, line in centre.waiting.items():
        waiting = len(line)
        wait_s = waits.new.get((sid, None), 0)
        # The oldest arrival still waiting, so counter screens can show the longest wait.
        since = min((t.taken_at for t in line.values()), default=None)
        stopped = centre.state.stopped.get(sid)
        if stopped is not None:
            # A manager's stop says more than the hours do, whatever they say.
            out[sid] = v.QueueState(
                waiting=waiting,
                estimated_wait_s=wait_s,
                waiting_since=iso(since),
                issuing=False,
                reason="suspended",
                opens_at=None,
                reason_text=stopped,
            )
            continue
        a = availability(centre.config, centre.config.services[sid], now)
        out[sid] = v.QueueState(
            waiting=waiting,
            estimated_wait_s=wait_s,
            waiting_since=iso(since),
            issuing=a.issuing,
            reason=a.reason,
            opens_at=iso(a.opens_at),
        )
    return out


def queue_frame(centre: Centre, now: datetime, waits: Waits) -> out.Queue:
    return out.Queue(services=queue_services(centre, now, waits))


def counter_frame(centre: Centre, cid: str, at: str, by: str = "") -> out.CounterChanged:
    cs = centre.state.counters[cid]
    return out.CounterChanged(
        counter=cid,
        status=cs.status,
        clerk=cs.clerk,
        ticket=cs.ticket,
        reason=cs.pause_reason,
        served_today=cs.served_today,
        clerk_served_today=_clerk_served(centre, cs.clerk),
        at=at,
        by=by,
        back_at=iso(cs.back_at),
    )


def _clerk_served(centre: Centre, clerk: str | None) -> int:
    """What the signed-in clerk finished today at any counter (0 with nobody signed in)."""
    return centre.state.served_by_clerk.get(clerk, 0) if clerk else 0


def wire_event(centre: Centre, e: ev.AnyEvent) -> out.AnyEvent | None:
    """The broadcast frame for a committed event (applied to `centre` already)."""
    at = iso(e.at)
    match e:
        case ev.TicketTaken():
            return out.Taken(
                ticket=e.ticket, service=e.service, priority=e.priority, at=at, remote=e.remote
            )
        case ev.TicketArrived():
            return out.Arrived(ticket=e.ticket, at=at)
        case ev.TurnPassed():
            lapses = remote.grace_end(centre.config, centre.state.tickets[e.ticket]) or e.at
            return out.Passed(ticket=e.ticket, counter=e.counter, lapses_at=iso(lapses), at=at)
        case ev.TicketLapsed():
            return out.Lapsed(ticket=e.ticket, at=at)
        case ev.TicketCalled():
            return out.Called(
                ticket=e.ticket,
                counter=e.counter,
                counter_name=centre.config.counters[e.counter].name,
                service=centre.state.tickets[e.ticket].service,
                recall=e.recall,
                at=at,
                appointment=centre.state.tickets[e.ticket].booking is not None,
            )
        case ev.ServingStarted():
            return out.Serving(ticket=e.ticket, counter=e.counter, at=at)
        case ev.TicketFinished():
            return out.Finished(ticket=e.ticket, counter=e.counter, at=at)
        case ev.TicketNoShow():
            return out.NoShow(ticket=e.ticket, counter=e.counter, at=at)
        case ev.TicketCancelled():
            return out.Cancelled(ticket=e.ticket, at=at)
        case ev.TicketTransferred():
            return out.Transferred(
                ticket=e.ticket,
                counter=e.counter,
                service=e.service,
                keep_arrival=e.keep_arrival,
                at=at,
            )
        case ev.CounterClosed():
            return counter_frame(centre, e.counter, at, e.by)
        case ev.CounterOpened() | ev.CounterPaused() | ev.CounterResumed():
            return counter_frame(centre, e.counter, at)
        case ev.IssuingStopped():
            return out.IssuingChanged(
                service=e.service, stopped=True, reason=e.reason, by=e.by, at=at
            )
        case ev.IssuingResumed():
            return out.IssuingChanged(service=e.service, stopped=False, reason="", by=e.by, at=at)
        case ev.NoticeSet():
            return out.NoticeChanged(text=e.text, by=e.by, at=at)
        case ev.DayRolled():
            return out.DayStarted(day=e.day.isoformat(), at=at)
        case ev.BookingMade() | ev.BookingMoved() | ev.BookingCancelled() | ev.BookingMissed():
            b = centre.state.bookings[e.booking]
            return out.BookingChanged(booking=booking_view(centre, b, e.at), at=at)
    return None


def snapshot(
    centre: Centre,
    role: str,
    counter: str | None,
    now: datetime,
    printers: list[v.PrinterState],
    waits: Waits,
    device: str = "",
) -> w.AnySnapshot:
    """The welcome snapshot of a role (a phone's is `StatusPages.snapshot`); `device` is the
    configured device saying hello ("" or unknown: an anonymous display)."""
    cfg = centre.config
    if role == "feedback":
        return feedback_snapshot(centre, counter)
    institutions = {i.id: texts(i.name) for i in cfg.spec.institutions}
    queue = queue_services(centre, now, waits)
    services = [
        v.ServiceInfo(
            id=s.id,
            prefix=s.prefix,
            name=texts(s.name),
            institution=s.institution,
            institution_name=institutions.get(s.institution),
            target_wait_min=s.target_wait_min,
            waiting=queue[s.id].waiting,
            estimated_wait_s=queue[s.id].estimated_wait_s,
            waiting_since=queue[s.id].waiting_since,
            issuing=queue[s.id].issuing,
            reason=queue[s.id].reason,
            opens_at=queue[s.id].opens_at,
            bookable=s.booking is not None,
            reason_text=queue[s.id].reason_text,
        )
        for s in cfg.services.values()
    ]
    counters = []
    for c in cfg.counters.values():
        cs = centre.state.counters[c.id]
        counters.append(
            v.CounterInfo(
                id=c.id,
                name=c.name,
                services=list(c.services),
                status=cs.status,
                clerk=cs.clerk,
                ticket=cs.ticket,
                served_today=cs.served_today,
                reason=cs.pause_reason,
                paused_at=iso(cs.paused_at),
                back_at=iso(cs.back_at),
            )
        )
    common = w.CentreSnapshot(
        protocol=PROTOCOL,
        server_version=__version__,
        centre=v.CentreInfo(name=texts(cfg.name), timezone=cfg.spec.centre.timezone),
        day=centre.state.day.isoformat() if centre.state.day else None,
        services=services,
        institutions=[
            v.InstitutionInfo(id=i.id, name=texts(i.name)) for i in cfg.spec.institutions
        ],
        priorities=[
            v.PriorityInfo(id=p.id, name=texts(p.name), weight=p.weight)
            for p in cfg.priorities.values()
        ],
        counters=counters,
        calls=[
            v.CallEntry(
                ticket=n,
                counter=cid,
                counter_name=cfg.counters[cid].name,
                at=iso(at),
                appointment=_booked(centre, n),
                service=_service_of(centre, n),
            )
            for n, cid, at in centre.state.recent_calls
        ],
    )
    fields = {f: getattr(common, f) for f in common.__struct_fields__}
    if role == "counter" and counter is not None:
        return w.CounterSnapshot(
            **fields,
            counter=_counter_state(centre, counter, now),
            printers=printers,
            not_here=_not_here(centre, counter, now),
        )
    if role == "manager":
        tickets = [ticket_view(centre, t, now) for t in centre.state.tickets.values()]
        return w.ManagerSnapshot(
            **fields, tickets=tickets, printers=printers, manager_notice=centre.state.notice
        )
    if role == "display":
        shown = cfg.spec.display
        notice = texts(shown.notice) if shown.notice is not None else None
        dev = cfg.devices.get(device)
        settings = v.DisplaySettings(
            notice=notice,
            history=shown.history,
            services=list(dev.services) if dev else [],
            counter=counter,
        )
        return w.DisplaySnapshot(**fields, display=settings, manager_notice=centre.state.notice)
    bookable = any(s.booking is not None for s in cfg.services.values())
    remote_on = cfg.remote.enabled
    return w.KioskSnapshot(**fields, check_in=bookable or remote_on, remote=remote_on)


def _not_here(centre: Centre, cid: str, now: datetime) -> list[v.TicketView]:
    """The remote tickets of the counter's services still waiting and not here yet."""
    served = set(centre.config.counters[cid].services)
    return [
        ticket_view(centre, t, now)
        for t in centre.state.tickets.values()
        if t.service in served and remote.away(t)
    ]


def _counter_state(centre: Centre, cid: str, now: datetime) -> w.CounterState:
    cs = centre.state.counters[cid]
    number = cs.ticket
    return w.CounterState(
        counter=cid,
        status=cs.status,
        clerk=cs.clerk,
        ticket=number,
        reason=cs.pause_reason,
        served_today=cs.served_today,
        clerk_served_today=_clerk_served(centre, cs.clerk),
        current=ticket_view(centre, centre.state.tickets[number], now) if number else None,
        back_at=iso(cs.back_at),
    )


def feedback_snapshot(centre: Centre, counter: str | None) -> w.FeedbackSnapshot:
    cfg = centre.config
    fb = cfg.feedback
    at = cfg.counters.get(counter or "")
    return w.FeedbackSnapshot(
        protocol=PROTOCOL,
        server_version=__version__,
        centre=v.CentreInfo(name=texts(cfg.name), timezone=cfg.spec.centre.timezone),
        day=centre.state.day.isoformat() if centre.state.day else None,
        counter=v.CounterName(id=at.id, name=at.name) if at is not None else None,
        feedback=v.FeedbackSettings(
            reasons=[v.ReasonInfo(id=rid, name=texts(n)) for rid, n in fb.reasons.items()],
            tablet_window_min=fb.tablet_window_min,
        ),
    )
