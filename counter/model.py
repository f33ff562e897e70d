"""What the counter app knows, and the one place where what comes over the link changes it.

A `CounterModel` is a value: every frame gives a new one (`welcomed`, `pushed`, `linked`,
`refused`, `replied`, `failed`, `timed_out`), and so does what the clerk asks (`ask`, which
also gives the request to send). The app keeps the newest in a reactive attribute and the
widgets draw it. No Textual here, so each rule can be tested on its own. What the bookings
view knows is its `appointments` (counter/appointments.py): these hand it the bookings
requests, their answers and every frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from counter.appointments import Appointments, BookingRequest
from counter.asks import (
    Ask,
    BookSlot,
    CallNumber,
    CancelBooking,
    FindSlots,
    ListBookings,
    MoveTo,
    PauseFor,
    Press,
    SignInAs,
    TransferTo,
)
from counter.away import Aways, after, from_welcome, holds
from counter.passes import CallRound
from counter.said import Said
from server.protocol import events as e
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol.server_frames import Pushed
from server.protocol.views import QueueState, ServiceInfo, Texts, TicketView
from server.protocol.welcome import AnySnapshot, CounterSnapshot, CounterState
from server.staff_words import parse_time


@dataclass(frozen=True)
class ServiceLine:
    id: str
    prefix: str
    name: Texts
    waiting: int = 0
    estimated_wait_s: int = 0
    waiting_since: datetime | None = None
    issuing: bool = True
    # It takes appointments.
    bookable: bool = False

    def queued(self, q: QueueState | ServiceInfo) -> ServiceLine:
        since = parse_time(q.waiting_since)
        return replace(
            self,
            waiting=q.waiting,
            estimated_wait_s=q.estimated_wait_s,
            waiting_since=since,
            issuing=q.issuing,
        )


TicketAction = m.Recall | m.StartServing | m.Finish | m.NoShow
# The actions on the current visitor: the request each sends, and the sentence after it.
TICKET_ACTIONS: dict[str, type[TicketAction]] = {
    "recall": m.Recall,
    "start": m.StartServing,
    "finish": m.Finish,
    "no_show": m.NoShow,
}
DONE: dict[type[TicketAction], str] = {
    m.Recall: "notice.recalled",
    m.StartServing: "notice.started",
    m.Finish: "notice.finished",
    m.NoShow: "notice.no_show",
}


@dataclass(frozen=True)
class CounterModel:
    counter: str
    name: str = ""
    # Never changed in place: a new model gets new dicts.
    services: dict[str, ServiceLine] = field(default_factory=dict)
    priorities: dict[str, Texts] = field(default_factory=dict)
    # The services this counter serves, in configuration order.
    mine: tuple[str, ...] = ()
    status: str = "closed"
    clerk: str | None = None
    clerk_name: str = ""
    reason: str = ""
    # While paused: when the clerk said they would be back (UTC; None: not said).
    back_at: str | None = None
    served_today: int = 0
    current: TicketView | None = None
    loaded: bool = False
    link: str = "connecting"
    # The server's words when it refused this device (a wrong token): it does not retry.
    refusal: str = ""
    said: Said | None = None
    # The centre's time zone: booked times are shown on its wall clock.
    timezone: str = "Europe/Riga"
    # What the bookings view shows (counter/screens/bookings.py).
    appointments: Appointments = field(default_factory=Appointments)
    # This counter's tickets joined from home and not here yet (the queue panel lists them).
    away: Aways = ()
    # The last "call next" at this counter: whom it passed over, whom it called.
    call: CallRound | None = None
    # A ticket the clerk called by number while its visitor had not checked in (it was
    # among `away`): the desk says "not here yet" while it is called.
    unchecked: str = ""

    @property
    def signed_in(self) -> bool:
        return self.status != "closed"

    @property
    def bookable(self) -> tuple[str, ...]:
        """The services that take appointments, in configuration order."""
        return tuple(sid for sid, line in self.services.items() if line.bookable)

    # ---- from the server -----------------------------------------------------------------

    def welcomed(self, snap: AnySnapshot) -> CounterModel:
        """Start again from a welcome snapshot (first connect and every reconnect)."""
        if not isinstance(snap, CounterSnapshot):
            return self  # not a counter's welcome: nothing here is about this counter
        services = {
            s.id: ServiceLine(s.id, s.prefix, s.name, bookable=s.bookable).queued(s)
            for s in snap.services
        }
        me = next((c for c in snap.counters if c.id == self.counter), None)
        model = replace(
            self,
            services=services,
            priorities={p.id: p.name for p in snap.priorities},
            name=me.name if me else self.name,
            mine=tuple(me.services) if me else self.mine,
            loaded=True,
            timezone=snap.centre.timezone,
            appointments=self.appointments.welcomed(),
            away=from_welcome(snap.not_here),
        )
        return replace(model._counter_state(snap.counter), current=snap.counter.current)

    def _counter_state(self, state: CounterState | e.CounterChanged) -> CounterModel:
        signed_in = state.status != "closed"
        return replace(
            self,
            # A sentence about the sign-in form is not about the desk, nor the other way.
            said=self.said if signed_in == self.signed_in else None,
            status=state.status,
            clerk=state.clerk,
            clerk_name=self.clerk_name if state.clerk == self.clerk else "",
            reason=state.reason,
            back_at=state.back_at,
            # The clerk's own count; a finished event at this counter is theirs too.
            served_today=state.clerk_served_today,
            current=self.current if state.ticket is not None else None,
        )

    def pushed(self, frame: Pushed) -> CounterModel:
        """Fold a broadcast event in."""
        model = self._desk_pushed(frame)
        gone = after(self.away, frame, self.mine)
        if gone is not self.away:
            model = replace(model, away=gone)
        appointments = self.appointments.pushed(frame, frozenset(self.bookable))
        if appointments is self.appointments:
            return model
        return replace(model, appointments=appointments)

    def _desk_pushed(self, frame: Pushed) -> CounterModel:
        match frame:
            case e.Queue():
                services = dict(self.services)
                for sid, q in frame.services.items():
                    if sid in services:
                        services[sid] = services[sid].queued(q)
                return replace(self, services=services)
            case e.DayStarted():
                return replace(self, current=None, served_today=0, unchecked="")
            case e.CounterChanged(counter=self.counter):
                return self._counter_state(frame)
            case e.Finished(counter=self.counter):
                # Counted here, not from our own reply, so a second app on this counter agrees.
                return replace(self, served_today=self.served_today + 1)
            case e.Passed(counter=self.counter):
                return self._passed(frame.ticket)
        return self

    def _passed(self, ticket: str) -> CounterModel:
        """A call at this counter passed `ticket` over: the clerk's line says so."""
        call = self.call
        if call is None or (call.answered and self.said != call.said()):
            # Not the call this app's line is about: another app on this counter called, or
            # the clerk has done something else since.
            call = CallRound()
        call = call.passing(ticket)
        return replace(self, call=call, said=call.said())

    def linked(self, state: str) -> CounterModel:
        """The link went "connecting", "online" or "offline"."""
        return replace(self, link=state)

    def refused(self, message: str) -> CounterModel:
        return replace(self, refusal=message, said=Said("app.refused", True, message=message))

    # ---- the clerk's requests and their answers --------------------------------------------

    def allows(self, action: str) -> bool:
        """Whether `action` makes sense now: the keys, buttons and requests all ask this."""
        t = self.current
        if not self.signed_in:
            return False
        if action in ("call_next", "call_number", "pause"):
            return self.status == "open" and t is None
        if action in ("recall", "start", "no_show"):
            return t is not None and t.status == "called"
        if action in ("finish", "transfer"):
            return t is not None
        if action == "resume":
            return self.status == "paused"
        if action == "bookings":
            return True
        return action == "sign_out" and t is None

    def ask(self, ask: Ask, rid: str) -> tuple[CounterModel, m.AnyRequest | None]:
        """What the clerk asked for, as the request with id `rid`; None when it makes no
        sense now (a key pressed twice before the first answer came)."""
        t = self.current
        match ask:
            case SignInAs(clerk=clerk, pin=pin) if not self.signed_in:
                if not clerk or not pin:
                    return replace(self, said=Said("sign_in.empty", error=True)), None
                return self, m.SignIn(id=rid, clerk=clerk, pin=pin)
            case Press(action="call_next") if self.allows("call_next"):
                # Whoever "call next" brings checked in or was here: not the one called by number.
                return replace(self, call=CallRound(), unchecked=""), m.CallNext(id=rid)
            case Press(action=action) if t and action in TICKET_ACTIONS and self.allows(action):
                return self, TICKET_ACTIONS[action](id=rid, ticket=t.number)
            case Press(action="resume") if self.allows("resume"):
                return self, m.Resume(id=rid)
            case Press(action="sign_out") if self.allows("sign_out"):
                return self, m.SignOut(id=rid)
            case TransferTo() if t and self.allows("transfer"):
                return self, m.Transfer(
                    id=rid,
                    ticket=t.number,
                    service=ask.service,
                    keep_arrival=ask.keep_arrival,
                    note=ask.note,
                )
            case CallNumber(number=number) if self.allows("call_number"):
                unchecked = number if holds(self.away, number) else ""
                return replace(self, unchecked=unchecked), m.CallTicket(id=rid, ticket=number)
            case PauseFor(reason=reason, minutes=minutes) if self.allows("pause"):
                return self, m.Pause(id=rid, reason=reason, minutes=minutes)
            case ListBookings() | FindSlots() | BookSlot() | MoveTo() | CancelBooking():
                # Whoever is signed in: a clerk signed out at closing time while booking for
                # the visitor in front of them still finishes (the server asks the device).
                appointments, request = self.appointments.ask(ask, rid)
                return replace(self, appointments=appointments), request
        return self, None

    def replied(self, req: m.AnyRequest, reply: r.Ok) -> CounterModel:
        """The server did what this counter asked."""
        if isinstance(req, BookingRequest):
            return replace(self, appointments=self.appointments.replied(req, reply))
        ticket = reply.ticket if isinstance(reply, r.TicketReply) else None
        match req:
            case m.SignIn() if isinstance(reply, r.SignedIn):
                clerk = reply.clerk
                return replace(
                    self, status="open", clerk=clerk.id, clerk_name=clerk.name, said=None
                )
            case m.CallNext():
                number = ticket.number if ticket else None
                call = (self.call or CallRound()).answer(number, others_away=bool(self.away))
                return replace(self, current=ticket, call=call, said=call.said())
            case m.CallTicket():
                return replace(self, current=ticket, said=Said("notice.called", number=req.ticket))
            case m.Recall() | m.StartServing() | m.Finish() | m.NoShow():
                kept = ticket if isinstance(req, m.Recall | m.StartServing) else None
                said = Said(DONE[type(req)], number=req.ticket)
                return replace(self, current=kept, said=said)
            case m.Transfer():
                said = Said("notice.transferred", number=req.ticket, service=req.service)
                return replace(self, current=None, said=said)
            case m.Pause():
                return replace(self, status="paused", reason=req.reason, said=Said("notice.paused"))
            case m.Resume():
                return replace(self, status="open", reason="", said=Said("notice.resumed"))
            case m.SignOut():
                return replace(self, status="closed", clerk=None, said=None)
        return self

    def failed(self, req: m.AnyRequest, code: str, message: str) -> CounterModel:
        """The server refused what this counter asked: say why, in one sentence."""
        if isinstance(req, BookingRequest):
            return replace(self, appointments=self.appointments.failed(req, code, message))
        current = self.current
        number = req.ticket if isinstance(req, TicketAction | m.Transfer) else None
        if code == "not_your_ticket" and current and number == current.number:
            # Our idea of the current visitor is stale: the server says it is not ours.
            current = None
        said = Said(f"errors.{code}", error=True, message=message)
        if isinstance(req, m.CallTicket) and code == "not_your_ticket":
            # The only reason the server refuses to call a waiting number here.
            sid = self.service_of(req.ticket)
            key = "errors.not_served" if sid else "errors.not_served_unknown"
            said = Said(key, error=True, number=req.ticket, service=sid or "")
        return replace(self, current=current, said=said)

    def timed_out(self, req: m.AnyRequest) -> CounterModel:
        if isinstance(req, BookingRequest):
            return replace(self, appointments=self.appointments.timed_out())
        return replace(self, said=Said("errors.timeout", error=True))

    # ---- what the screen shows -------------------------------------------------------------

    def service_of(self, number: str) -> str | None:
        """The service a ticket number belongs to, by its prefix (the longest that fits)."""
        fits = [s for s in self.services.values() if number.startswith(s.prefix)]
        return max(fits, key=lambda s: len(s.prefix)).id if fits else None

    def longest_wait_s(self, now: datetime) -> int | None:
        since = [s.waiting_since for sid in self.mine if (s := self.services.get(sid))]
        oldest = min((t for t in since if t is not None), default=None)
        return None if oldest is None else max(0, round((now - oldest).total_seconds()))

    def expected_wait_s(self) -> int:
        """The expected wait of a newcomer to the busiest queue this counter serves: the
        figure the kiosk and the display show for that service, never one of its own."""
        lines = [self.services[sid] for sid in self.mine if sid in self.services]
        return max((s.estimated_wait_s for s in lines), default=0)
