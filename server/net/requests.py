"""Requests of an authenticated session → core commands, and the bodies of their ok replies."""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

import msgspec

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.net import frames
from server.net.auth import Session
from server.net.lockout import Lock, PinLockout
from server.net.owner import Frame, Owner, ReplyBuilder, error_frame
from server.net.printers import Printers
from server.net.ratelimit import RateLimiter
from server.protocol import messages as m
from server.store.clerks import verify_clerk
from server.store.events import EventStore

log = logging.getLogger("rinda.server")


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
        self.printers = Printers()
        rules = config.counter_rules
        self.lockout = PinLockout(rules.pin_attempts, timedelta(minutes=rules.pin_lockout_min))

    async def handle(self, session: Session, req: m.AnyRequest) -> Frame:
        done = await self.owner.replies.find(session.device, req.id, self.owner.clock())
        if done is not None:
            return done
        if isinstance(req, m.TakeTicket):
            if not self.limiter.allow(session.device, time.monotonic()):
                return error_frame(
                    "rate_limited", "Too many tickets from this kiosk: wait a moment.", req.id
                )
            return await self._submit(session, req, self._take(session, req), self._ticket_reply)
        if isinstance(req, m.SignIn):
            return await self._sign_in(session, req)
        if isinstance(req, m.PrinterStatus):
            return self._printer_status(session, req)
        counter = session.counter or ""
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
                return await self._submit(
                    session, req, c.CloseCounter(counter=counter), self._nothing
                )
            case m.Pause():
                cmd = c.Pause(counter=counter, reason=req.reason)
                return await self._submit(session, req, cmd, self._nothing)
            case m.Resume():
                return await self._submit(session, req, c.Resume(counter=counter), self._nothing)
        return await self._submit(session, req, cmd, self._ticket_view)

    async def _submit(
        self, session: Session, req: m.AnyRequest, cmd: c.AnyCommand, build: ReplyBuilder
    ) -> Frame:
        return await self.owner.submit(cmd, session.device, req.id, build)

    def _take(self, session: Session, req: m.TakeTicket) -> c.TakeTicket:
        return c.TakeTicket(
            service=req.service,
            priority=req.priority,
            lang=req.lang,
            token=secrets.token_urlsafe(16),
            device=session.device,
        )

    def _ticket_reply(self, events: list[ev.AnyEvent], now: datetime) -> Frame:
        taken = next(e for e in events if isinstance(e, ev.TicketTaken))
        centre = self.owner.centre
        t = centre.state.tickets[taken.ticket]
        # Built right after this ticket was applied: it is the newest, behind everyone waiting.
        ahead = len(centre.waiting[t.service]) - 1
        return {
            "ticket": {
                "number": t.number,
                "service": t.service,
                "priority": t.priority,
                "issued_at": frames.iso(t.taken_at),
                "position": ahead + 1,
                "ahead": ahead,
                "estimated_wait_s": centre.expected_wait(t.service, ahead),
                "status_url": f"{self.config.spec.centre.public_url.rstrip('/')}/t/{t.token}",
            }
        }

    def _ticket_view(self, events: list[ev.AnyEvent], now: datetime) -> Frame:
        """The ticket the request acted on (for call_next: the called one, or null)."""
        centre = self.owner.centre
        numbers = [e.ticket for e in events if isinstance(e, ev.TicketEvent)]
        if not numbers:
            return {"ticket": None}
        return {"ticket": frames.ticket_view(centre, centre.state.tickets[numbers[-1]], now)}

    @staticmethod
    def _nothing(events: list[ev.AnyEvent], now: datetime) -> Frame:
        return {}

    def _printer_status(self, session: Session, req: m.PrinterStatus) -> Frame:
        """Not a queue command: stored in memory and told to staff (see net/printers.py)."""
        at = frames.iso(self.owner.clock())
        event = self.printers.report(session.device, req.status, req.detail, at)
        if event is not None:
            self.owner.hub.publish("printer", msgspec.json.encode(event).decode())
        return {"type": "ok", "re": req.id}

    async def _sign_in(self, session: Session, req: m.SignIn) -> Frame:
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
                    f"Too many wrong PINs for {req.clerk} at this counter: try again in "
                    f"{refused.minutes} min, or sign in at another counter."
                )
            return error_frame("locked_out", text, req.id)
        locks = self.lockout.attempt(counter, req.clerk, now)
        clerk = await verify_clerk(self.store, req.clerk, req.pin)
        if clerk is None:
            for lock in locks:
                _log_lock(lock)
            return error_frame("wrong_pin", "The clerk id or PIN is wrong.", req.id)
        self.lockout.succeeded(counter, req.clerk)
        cid, name = clerk

        def reply(_events: list[ev.AnyEvent], _now: datetime) -> dict[str, Any]:
            return {"clerk": {"id": cid, "name": name}}

        cmd = c.OpenCounter(counter=session.counter or "", clerk=cid)
        return await self.owner.submit(cmd, session.device, req.id, reply)
