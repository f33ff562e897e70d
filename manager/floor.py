"""What the manager's floor knows, and the one place where what comes over the link changes it.

A `Floor` is a value: the welcome snapshot builds one (`welcomed`) and every event gives the
next (`pushed`), so after a reconnect the floor is redrawn from scratch. No Textual here, so
each rule is tested on its own; the widgets only draw a floor and the clock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from server.protocol import events as e
from server.protocol.server_frames import Pushed
from server.protocol.views import PrinterState, QueueState, ServiceInfo, Texts
from server.protocol.welcome import AnySnapshot, ManagerSnapshot
from server.staff_words import instant, parse_time

CounterShows = Literal["serving", "called", "open", "paused", "closed"]


@dataclass(frozen=True)
class ServiceRow:
    id: str
    name: Texts
    target_wait_min: int
    waiting: int = 0
    estimated_wait_s: int = 0
    waiting_since: datetime | None = None
    issuing: bool = True
    # Why it is not issuing ("" while it is): a `NotIssuing` of the wire, and a manager's
    # words while it is "suspended".
    reason: str = ""
    reason_text: str = ""

    def queued(self, q: QueueState | ServiceInfo) -> ServiceRow:
        return replace(
            self,
            waiting=q.waiting,
            estimated_wait_s=q.estimated_wait_s,
            waiting_since=parse_time(q.waiting_since),
            issuing=q.issuing,
            reason=q.reason,
            reason_text=q.reason_text,
        )

    def longest_wait_s(self, now: datetime) -> int | None:
        """How long the visitor waiting longest has waited (None: nobody waits)."""
        if self.waiting_since is None or not self.waiting:
            return None
        return max(0, round((now - self.waiting_since).total_seconds()))

    def over_target(self, now: datetime) -> bool:
        longest = self.longest_wait_s(now)
        return longest is not None and 0 < self.target_wait_min * 60 < longest


@dataclass(frozen=True)
class TicketRow:
    number: str
    service: str
    status: str
    called_at: datetime | None = None
    # When serving began, if this app saw it begin (a snapshot does not say).
    serving_at: datetime | None = None
    # Joined from home and not here yet (not checked in at a kiosk, nor called).
    away: bool = False


@dataclass(frozen=True)
class CounterRow:
    id: str
    name: str
    status: str = "closed"
    clerk: str | None = None
    ticket: str | None = None
    reason: str = ""
    served_today: int = 0
    # Since when it has had this status: the event's time, a pause's start as the welcome
    # snapshot gives it, or (for another status the welcome found, or a pause from a server
    # too old to say) when this app was welcomed, so it is "at least" that long
    # (`since_known` False).
    since: datetime | None = None
    since_known: bool = False


@dataclass(frozen=True)
class Floor:
    loaded: bool = False
    link: str = "connecting"
    # The server's words when it refused this device (a wrong token): it does not retry.
    refusal: str = ""
    timezone: str = "Europe/Riga"
    day: str | None = None
    # Never changed in place: a new floor gets new dicts (in configuration order).
    services: dict[str, ServiceRow] = field(default_factory=dict)
    counters: dict[str, CounterRow] = field(default_factory=dict)
    tickets: dict[str, TicketRow] = field(default_factory=dict)
    printers: dict[str, PrinterState] = field(default_factory=dict)
    # The manager's notice line on the waiting-room displays ("": none).
    notice: str = ""

    # ---- from the server -----------------------------------------------------------------

    def welcomed(self, snap: AnySnapshot, now: datetime) -> Floor:
        """Start again from a welcome snapshot (first connect and every reconnect)."""
        if not isinstance(snap, ManagerSnapshot):
            return self
        services = {
            s.id: ServiceRow(s.id, s.name, s.target_wait_min).queued(s) for s in snap.services
        }
        counters = {
            c.id: CounterRow(
                c.id,
                c.name,
                status=c.status,
                clerk=c.clerk,
                ticket=c.ticket,
                reason=c.reason,
                served_today=c.served_today,
                # A pause's start comes with the snapshot; the rest is timed from now (only
                # a pause's length is shown: the ticket's comes with the ticket).
                since=paused_at or (None if c.status == "closed" else now),
                since_known=paused_at is not None,
            )
            for c in snap.counters
            for paused_at in [parse_time(c.paused_at) if c.status == "paused" else None]
        }
        tickets = {
            t.number: TicketRow(
                t.number, t.service, t.status, parse_time(t.called_at), away=not t.here
            )
            for t in snap.tickets
        }
        return replace(
            self,
            loaded=True,
            timezone=snap.centre.timezone,
            day=snap.day,
            services=services,
            counters=counters,
            tickets=tickets,
            printers={p.kiosk: p for p in snap.printers},
            notice=snap.manager_notice,
        )

    def pushed(self, frame: Pushed) -> Floor:
        match frame:
            case e.Queue(services=queues):
                rows = {
                    sid: row.queued(queues[sid]) if sid in queues else row
                    for sid, row in self.services.items()
                }
                return replace(self, services=rows)
            case e.CounterChanged():
                return self._counter_changed(frame)
            case e.Taken(ticket=number, service=service):
                return self._ticket(TicketRow(number, service, "waiting", away=frame.remote))
            case e.Arrived(ticket=number) if number in self.tickets:
                return self._ticket(replace(self.tickets[number], away=False))
            case e.Lapsed(ticket=number):
                return self._became(number, "done")
            case e.Called(ticket=number, counter=cid, at=at):
                t = self.tickets.get(number) or TicketRow(number, frame.service, "called")
                called = replace(t, status="called", called_at=instant(at), away=False)
                floor = self._ticket(called)
                return floor._at_counter(cid, number)
            case e.Serving(ticket=number, at=at):
                return self._became(number, "serving", serving_at=instant(at))
            case e.Finished() | e.NoShow() | e.Transferred():
                done = "waiting" if isinstance(frame, e.Transferred) else "done"
                floor = self._became(frame.ticket, done)
                floor = floor._at_counter(frame.counter, None, only_if=frame.ticket)
                # As the server counts: one more finished at that counter today.
                return floor._served(frame.counter) if isinstance(frame, e.Finished) else floor
            case e.Cancelled(ticket=number):
                return self._became(number, "cancelled")
            case e.PrinterChanged():
                state = PrinterState(
                    kiosk=frame.kiosk, status=frame.status, detail=frame.detail, at=frame.at
                )
                return replace(self, printers={**self.printers, frame.kiosk: state})
            case e.NoticeChanged(text=text):
                return replace(self, notice=text)
            case e.DayStarted(day=day):
                # A new day: no tickets yet, nobody at a counter, nothing served.
                counters = {
                    cid: replace(c, ticket=None, served_today=0) for cid, c in self.counters.items()
                }
                return replace(self, day=day, tickets={}, counters=counters)
        return self

    def linked(self, state: str) -> Floor:
        return replace(self, link=state)

    def refused(self, message: str) -> Floor:
        return replace(self, refusal=message, link="offline")

    def _became(self, number: str, status: str, serving_at: datetime | None = None) -> Floor:
        t = self.tickets.get(number)
        if t is None:
            return self
        return self._ticket(replace(t, status=status, serving_at=serving_at or t.serving_at))

    def _ticket(self, t: TicketRow) -> Floor:
        return replace(self, tickets={**self.tickets, t.number: t})

    def _at_counter(self, cid: str, number: str | None, only_if: str | None = None) -> Floor:
        c = self.counters.get(cid)
        if c is None or (only_if is not None and c.ticket != only_if):
            return self
        return replace(self, counters={**self.counters, cid: replace(c, ticket=number)})

    def _served(self, cid: str) -> Floor:
        c = self.counters.get(cid)
        if c is None:
            return self
        row = replace(c, served_today=c.served_today + 1)
        return replace(self, counters={**self.counters, cid: row})

    def _counter_changed(self, f: e.CounterChanged) -> Floor:
        c = self.counters.get(f.counter)
        if c is None:
            return self
        changed = f.status != c.status
        since = instant(f.at) if changed else c.since
        row = replace(
            c,
            status=f.status,
            clerk=f.clerk,
            ticket=f.ticket,
            reason=f.reason,
            served_today=f.served_today,
            since=since,
            since_known=changed or c.since_known,
        )
        return replace(self, counters={**self.counters, f.counter: row})

    # ---- read by the widgets -------------------------------------------------------------

    def away(self) -> Counter[str]:
        """Per service, its tickets joined from home still waiting and not here yet."""
        return Counter(t.service for t in self.tickets.values() if t.away and t.status == "waiting")

    def current(self, cid: str) -> TicketRow | None:
        c = self.counters.get(cid)
        return self.tickets.get(c.ticket) if c and c.ticket else None

    def shows(self, cid: str) -> CounterShows:
        """What a counter is doing: serving or calling a visitor, open and idle, paused or
        closed."""
        c = self.counters[cid]
        if c.status in ("paused", "closed"):
            return "paused" if c.status == "paused" else "closed"
        t = self.current(cid)
        if t is not None and t.status in ("serving", "called"):
            return "serving" if t.status == "serving" else "called"
        return "open"
