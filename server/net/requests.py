"""Requests of an authenticated session → core commands, and the bodies of their ok replies."""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime, timedelta

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.core.booking import local_day as booking_day
from server.core.errors import DomainError
from server.net import frames
from server.net.auth import Session
from server.net.bookings import BookingDesk
from server.net.lockout import Lock, PinLockout
from server.net.owner import Owner, ReplyBuilder, nothing
from server.net.printers import Printers
from server.net.ratelimit import RateLimiter
from server.net.replies import Answer
from server.net.report_desk import ReportDesk
from server.protocol import messages as m
from server.protocol.codec import excerpt
from server.protocol.replies import (
    BookingList,
    Ok,
    Rated,
    SignedIn,
    SlotList,
    TicketIssued,
    TicketReply,
    encode,
    error_frame,
)
from server.protocol.views import ClerkInfo
from server.store.clerks import verify_clerk
from server.store.events import EventStore

log = logging.getLogger("rinda.server")

# A feedback tablet shows its thank-you for a few seconds after each answer, so a person
# gives one every few seconds at most: beyond that someone is drumming on the faces, and
# each tap would count as one more visitor's answer.
TABLET_BURST = 3
TABLET_PER_MINUTE = 20.0


def _log_lock(lock: Lock) -> None:
    """Once per lockout, so a manager sees someone guessing PINs (the clerk id comes from the
    wire: %r keeps it on one line)."""
    if lock.whole_counter:
        log.warning(
            "counter %s: its budget of wrong PINs is spent (the last for clerk id %r); no "
            "sign-in there for %d min (someone may be guessing PINs)",
            lock.counter, lock.clerk, lock.minutes,
        )  # fmt: skip
    else:
        log.warning(
            "counter %s: wrong PINs for clerk id %r; sign-in as %r locked there for %d min "
            "(lockout %d in a row; someone may be guessing PINs)",
            lock.counter, lock.clerk, lock.clerk, lock.minutes, lock.strike,
        )  # fmt: skip


def _action(session: Session, req: m.ManagerAction) -> c.AnyCommand:
    """A manager's action as the command that names the manager's device (the audit trail)."""
    by = session.device
    match req:
        case m.StopIssuing():
            return c.StopIssuing(service=req.service, reason=req.reason, by=by)
        case m.ResumeIssuing():
            return c.ResumeIssuing(service=req.service, by=by)
        case m.SetNotice():
            return c.SetNotice(text=req.text, by=by)
        case m.CloseCounter():
            return c.CloseCounter(counter=req.counter, by=by)


def _rating(session: Session, req: m.Rate) -> c.RateVisit:
    """A feedback tablet's rating: the core decides which visit it counts for."""
    return c.RateVisit(
        ticket=None, counter=session.counter, score=req.score, reason=req.reason, by=session.device
    )


def _rated(request_id: str | None, events: list[ev.AnyEvent], _now: datetime) -> Rated:
    rated = next(e for e in events if isinstance(e, ev.VisitRated))
    return Rated(re=request_id, rated=rated.ticket)


class RequestRouter:
    def __init__(
        self, config: CentreConfig, owner: Owner, store: EventStore, limiter: RateLimiter
    ) -> None:
        self.config = config
        self.owner = owner
        self.store = store
        self.limiter = limiter
        # Until the centre registers clerks, counters work without signing in.
        self.clerks_exist = False
        # Clerks removed (`rinda clerk remove`) while signed in: their counter may finish
        # with the visitor at it but calls nobody new; the server then signs them out.
        self.removed_clerks: frozenset[str] = frozenset()
        self.printers = Printers()
        self.desk = BookingDesk(config, owner)
        self.reports = ReportDesk(config, store.path, owner.clock)
        self.tablets = RateLimiter(TABLET_BURST, TABLET_PER_MINUTE)
        rules = config.counter_rules
        self.lockout = PinLockout(rules.pin_attempts, timedelta(minutes=rules.pin_lockout_min))

    async def handle(self, session: Session, req: m.AnyRequest) -> Answer:
        answer = await self._handle(session, req)
        cs = self.owner.centre.state.counters.get(session.counter or "")
        if cs is not None and cs.clerk in self.removed_clerks and cs.ticket is None:
            # The removed clerk's last visitor is done: sign them out now.
            closing = c.CloseCounter(counter=cs.id, by="server")
            await self.owner.submit(closing, "server", None, nothing)
        return answer

    async def _handle(self, session: Session, req: m.AnyRequest) -> Answer:
        done = await self.owner.replies.find(session.device, req.id, self.owner.clock())
        if done is not None:
            return done
        if isinstance(req, m.TakeTicket):
            if not self.limiter.allow(session.device, time.monotonic()):
                limited = "Too many tickets from this kiosk: wait a moment."
                return encode(error_frame("rate_limited", limited, req.id))
            return await self._submit(session, req, self._take(session, req), self._ticket_reply)
        if isinstance(req, m.CheckIn):
            if not self.limiter.allow(session.device, time.monotonic()):
                limited = "Too many tickets from this kiosk: wait a moment."
                return encode(error_frame("rate_limited", limited, req.id))
            return await self.desk.check_in(session.device, req.id, req.code, req.lang)
        if isinstance(req, m.FreeSlots | m.Book | m.MoveBooking | m.CancelBooking | m.Bookings):
            return await self._booking(session, req)
        if isinstance(req, m.SignIn):
            return await self._sign_in(session, req)
        if isinstance(req, m.ReportRequest):
            return await self.reports.answer(req)
        if isinstance(req, m.PrinterStatus):
            return self._printer_status(session, req)
        if isinstance(req, m.ManagerAction):
            return await self._submit(session, req, _action(session, req), nothing)
        if isinstance(req, m.Rate):
            if not self.tablets.allow(session.device, time.monotonic()):
                limited = "Too many ratings from this tablet: wait a moment."
                return encode(error_frame("rate_limited", limited, req.id))
            return await self._submit(session, req, _rating(session, req), _rated)
        counter = session.counter or ""
        if isinstance(req, m.CallNext | m.CallTicket) and self._clerk_removed(counter):
            gone = "The clerk signed in here was removed: they cannot call visitors any more."
            return encode(error_frame("counter_closed", gone, req.id))
        cmd: c.AnyCommand
        match req:
            case m.CallNext():
                cmd = c.CallNext(
                    counter=counter,
                    auto_open=not self.clerks_exist,
                    clerk_required=self.clerks_exist,
                )
            case m.CallTicket():
                cmd = c.CallTicket(
                    counter=counter, ticket=req.ticket, clerk_required=self.clerks_exist
                )
            case m.Recall():
                cmd = c.Recall(counter=counter, ticket=req.ticket)
            case m.StartServing():
                cmd = c.StartServing(counter=counter, ticket=req.ticket)
            case m.Finish():
                cmd = c.Finish(counter=counter, ticket=req.ticket)
            case m.NoShow():
                cmd = c.NoShow(counter=counter, ticket=req.ticket)
            case m.Transfer():
                cmd = c.Transfer(
                    counter=counter,
                    ticket=req.ticket,
                    service=req.service,
                    keep_arrival=req.keep_arrival,
                    note=req.note,
                )
            case m.Cancel():
                cmd = c.Cancel(ticket=req.ticket, by=session.device)
            case m.SignOut():
                return await self._submit(session, req, c.CloseCounter(counter=counter), nothing)
            case m.Pause():
                cmd = c.Pause(counter=counter, reason=req.reason, minutes=req.minutes)
                return await self._submit(session, req, cmd, nothing)
            case m.Resume():
                return await self._submit(session, req, c.Resume(counter=counter), nothing)
        return await self._submit(session, req, cmd, self._ticket_view)

    async def _booking(
        self,
        session: Session,
        req: m.FreeSlots | m.Book | m.MoveBooking | m.CancelBooking | m.Bookings,
    ) -> Answer:
        now = self.owner.clock()
        try:
            match req:
                case m.FreeSlots():
                    slots = self.desk.free_slots(req.service, req.day, req.days, now)
                    return encode(SlotList(re=req.id, service=req.service, slots=slots))
                case m.Bookings():
                    views = await self.desk.day_list(req.day, now)
                    shown = (req.day or booking_day(self.config, now)).isoformat()
                    return encode(BookingList(re=req.id, day=shown, bookings=views))
                case m.Book():
                    return await self.desk.book(
                        session.device, req.id, req.service, req.start, req.name, req.contact
                    )
                case m.MoveBooking():
                    return await self.desk.move(session.device, req.id, req.code, req.start)
                case m.CancelBooking():
                    return await self.desk.cancel(session.device, req.id, req.code)
        except DomainError as e:
            return encode(error_frame(e.code, e.message, req.id))

    def _clerk_removed(self, counter: str) -> bool:
        cs = self.owner.centre.state.counters.get(counter)
        return cs is not None and cs.clerk in self.removed_clerks

    async def _submit(
        self, session: Session, req: m.AnyRequest, cmd: c.AnyCommand, build: ReplyBuilder
    ) -> Answer:
        return await self.owner.submit(cmd, session.device, req.id, build)

    def _take(self, session: Session, req: m.TakeTicket) -> c.TakeTicket:
        # The wait the kiosk showed for this service and class, told on the ticket and kept
        # with it (so a report can later say how right it was).
        told = self.owner.waits.new.get((req.service, req.priority))
        return c.TakeTicket(
            service=req.service,
            priority=req.priority,
            lang=req.lang,
            token=secrets.token_urlsafe(16),
            device=session.device,
            told_wait_s=told,
        )

    def _ticket_reply(
        self, request_id: str | None, events: list[ev.AnyEvent], now: datetime
    ) -> TicketIssued:
        taken = next(e for e in events if isinstance(e, ev.TicketTaken))
        centre = self.owner.centre
        t = centre.state.tickets[taken.ticket]
        # Everyone waiting before it: appointments booked for later are not (they queue from
        # their booked time).
        ahead = centre.ahead_of_newest(t)
        issued = frames.issued_ticket(centre, t, ahead, taken.told_wait_s or 0)
        return TicketIssued(re=request_id, ticket=issued)

    def _ticket_view(
        self, request_id: str | None, events: list[ev.AnyEvent], now: datetime
    ) -> TicketReply:
        """The ticket the request acted on (for call_next: the called one, or null)."""
        centre = self.owner.centre
        numbers = [e.ticket for e in events if isinstance(e, ev.TicketEvent)]
        if not numbers:
            return TicketReply(re=request_id, ticket=None)
        view = frames.ticket_view(centre, centre.state.tickets[numbers[-1]], now)
        return TicketReply(re=request_id, ticket=view)

    def _printer_status(self, session: Session, req: m.PrinterStatus) -> Answer:
        """Not a queue command: stored in memory and told to staff (see net/printers.py)."""
        at = frames.iso(self.owner.clock())
        event = self.printers.report(session.device, req.status, req.detail, at)
        if event is not None:
            self.owner.hub.publish("printer", encode(event).decode())
        return encode(Ok(re=req.id))

    async def _sign_in(self, session: Session, req: m.SignIn) -> Answer:
        now = self.owner.clock()
        counter = session.counter or session.device
        # Checked before the slow scrypt verify: a refused try costs the server nothing.
        refused = self.lockout.refusal(counter, req.clerk, now)
        if refused is not None:
            if refused.whole_counter:
                text = (
                    f"Too many wrong PINs at this counter: no one can sign in here for "
                    f"{refused.minutes} min; sign in at another counter."
                )
            else:
                text = (
                    f"Too many wrong PINs for {excerpt(req.clerk)} at this counter: try again in "
                    f"{refused.minutes} min, or sign in at another counter."
                )
            return encode(error_frame("locked_out", text, req.id))
        locks = self.lockout.attempt(counter, req.clerk, now)
        clerk = await verify_clerk(self.store, req.clerk, req.pin)
        if clerk is None:
            for lock in locks:
                _log_lock(lock)
            return encode(error_frame("wrong_pin", "The clerk id or PIN is wrong.", req.id))
        self.lockout.succeeded(counter, req.clerk)
        cid, name = clerk

        def reply(request_id: str | None, _events: list[ev.AnyEvent], _now: datetime) -> Ok:
            return SignedIn(re=request_id, clerk=ClerkInfo(id=cid, name=name))

        cmd = c.OpenCounter(counter=session.counter or "", clerk=cid)
        return await self.owner.submit(cmd, session.device, req.id, reply)
