"""The queue state machine: `decide` turns a command into events or raises a DomainError
(changing nothing); `apply` folds an event into the state. Pure: `now` comes in as an argument.

The owner of a Centre (the server) runs `RollDay` whenever `needs_roll(now)` before anything
else, so every other command works inside the current service day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec

from server.config import CentreConfig, Service
from server.core import actions, feedback, remote, rules
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.appointments import Appointments
from server.core.estimate import Estimator, Waits
from server.core.estimate import make as make_estimator
from server.core.estimate_stats import DayTally
from server.core.folding import fold
from server.core.hours import availability
from server.core.lines import WaitingLines, arrival_order
from server.core.model import CounterState, ServiceStats, State, Ticket
from server.core.numbering import capacity, format_number, service_day
from server.core.policy import make as make_policy


class Centre:
    def __init__(self, config: CentreConfig, state: State | None = None) -> None:
        self.config = config
        self.state = state if state is not None else State()
        spec = config.spec.policy
        self.policy = make_policy(spec.name, spec.appointment_head_start_min)
        self.estimator: Estimator = make_estimator()
        for cid in config.counters:
            self.state.counters.setdefault(cid, CounterState(id=cid))
        for sid, s in config.services.items():
            self.state.stats.setdefault(sid, ServiceStats(avg_service_s=s.default_service_min * 60))
        self.lines = WaitingLines(
            config.services, (t for t in self.state.tickets.values() if t.status == "waiting")
        )
        # Waiting tickets per service, in the order they joined it.
        self.waiting = self.lines.by_service
        self.appointments = Appointments(config, self.state)
        self.tally = DayTally(config, self.state.tickets.values())
        # The stretch in which calls were last found open (rules.calls_window): the next
        # calls mostly fall in it, and finding it again costs more than a call itself.
        self._calls_window: tuple[datetime, datetime] | None = None
        a = self.appointments
        self._deciders: dict[type, Callable[[Any, datetime], list[ev.AnyEvent]]] = {
            c.RollDay: self._roll,
            c.TakeTicket: self._take,
            c.CallNext: self._call_next,
            c.CallTicket: self._call_ticket,
            c.Recall: self._recall,
            c.StartServing: self._start,
            c.Finish: self._finish,
            c.NoShow: self._no_show,
            c.Transfer: self._transfer,
            c.Cancel: self._cancel,
            c.OpenCounter: self._open,
            c.Pause: self._pause,
            c.Resume: self._resume,
            c.CloseCounter: self._close,
            c.Book: lambda cmd, now: a.book(cmd, now),
            c.ImportBookings: a.import_,
            c.MoveBooking: a.move,
            c.CancelBooking: a.cancel,
            c.CheckIn: self._check_in,
            c.JoinQueue: self._join,
            c.LapseRemote: lambda _cmd, now: remote.lapse(config, self.state, now),
            c.MarkMissed: lambda _cmd, now: a.missed(now),
            c.StopIssuing: lambda cmd, now: actions.stop_issuing(config, self.state, cmd, now),
            c.ResumeIssuing: lambda cmd, now: actions.resume_issuing(config, self.state, cmd, now),
            c.SetNotice: lambda cmd, now: actions.set_notice(self.state, cmd, now),
            c.RateVisit: lambda cmd, now: feedback.rate(config, self.state, cmd, now),
        }

    # ---- queries -------------------------------------------------------------------------

    def needs_roll(self, now: datetime) -> bool:
        return self.state.day != service_day(now, self.config.tz)

    def ticket(self, number: str) -> Ticket:
        t = self.state.tickets.get(number)
        if t is None:
            raise err.UnknownTicket(f"There is no ticket {number} today.")
        return t

    def counters_serving(self, service: str) -> int:
        """Open counters that serve `service`; if none is open, those that could."""
        serving = [c for c in self.config.counters.values() if service in c.services]
        open_ = [c for c in serving if self.state.counters[c.id].status == "open"]
        return len(open_) or len(serving) or 1

    def issuing(self, sid: str, now: datetime) -> bool:
        """Whether the kiosks issue tickets for the service now: within its hours and not
        stopped by a manager (`_check_issuing` says why not, when a ticket is asked for)."""
        if sid in self.state.stopped:
            return False
        return availability(self.config, self.config.services[sid], now).issuing

    def waits(self, now: datetime) -> Waits:
        """Every waiting ticket's expected wait, and a new ticket's per service and class."""
        return self.estimator.waits(self, now)

    def ahead_of(self, ticket: Ticket) -> int:
        """Visitors of the same service before this one in plain arrival order (priority
        visitors may still overtake: the estimate is honest about that, not exact)."""

        mine = arrival_order(ticket)
        return sum(1 for t in self.waiting[ticket.service].values() if arrival_order(t) < mine)

    def ahead_of_newest(self, ticket: Ticket) -> int:
        """`ahead_of` for the walk-in just taken, without a pass over its whole queue: all
        who wait but appointments booked for later than now."""
        later = sum(
            1 for t in self.lines.appointments(ticket.service) if t.queued_at > ticket.queued_at
        )
        return len(self.waiting[ticket.service]) - 1 - later

    # ---- decide --------------------------------------------------------------------------

    def decide(self, cmd: c.AnyCommand, now: datetime) -> list[ev.AnyEvent]:
        if not isinstance(cmd, c.RollDay) and self.needs_roll(now):
            raise err.InvalidTransition("The service day has not been started yet.")
        return self._deciders[type(cmd)](cmd, now)

    def execute(self, cmd: c.AnyCommand, now: datetime) -> list[ev.AnyEvent]:
        events = self.decide(cmd, now)
        for e in events:
            self.apply(e)
        return events

    def _service(self, sid: str) -> Service:
        s = self.config.services.get(sid)
        if s is None:
            raise err.UnknownService(f'There is no service "{sid}" in this centre.')
        return s

    def _check_issuing(self, s: Service, now: datetime) -> None:
        reason = self.state.stopped.get(s.id)
        if reason is not None:
            raise err.ServiceClosed(actions.stopped_message(s.id, reason))
        a = availability(self.config, s, now)
        if not a.issuing:
            when = f" It opens {a.opens_at:%a %d.%m %H:%M}." if a.opens_at else ""
            raise err.ServiceClosed(f'Service "{s.id}" is not issuing tickets now.{when}')

    def _check_calls_open(self, now: datetime) -> None:
        window = self._calls_window
        if window is not None and window[0] <= now.astimezone(self.config.tz) < window[1]:
            return
        window = rules.calls_window(self.config, now)
        if window is None:
            rules.check_calls_open(self.config, now)  # raises: calls are closed
        self._calls_window = window

    def _counter(self, cid: str) -> CounterState:
        cs = self.state.counters.get(cid)
        if cs is None:
            raise err.UnknownCounter(f'There is no counter "{cid}" in this centre.')
        return cs

    def _ready_counter(self, cid: str) -> CounterState:
        cs = self._counter(cid)
        if cs.status == "closed":
            raise err.CounterClosed(f"Counter {cid} is closed: sign in first.")
        if cs.status == "paused":
            raise err.CounterPaused(f"Counter {cid} is paused: resume first.")
        if cs.ticket is not None:
            raise err.CounterBusy(
                f"Counter {cid} still has {cs.ticket}: finish it or mark a no-show."
            )
        return cs

    @staticmethod
    def _check_clerk(cs: CounterState, required: bool) -> None:
        if required and cs.clerk is None:
            raise err.CounterClosed(f"Counter {cs.id} needs a clerk: sign in first.")

    def _own(self, cid: str, number: str, allowed: tuple[str, ...]) -> Ticket:
        cs = self._counter(cid)
        t = self.ticket(number)
        if cs.ticket != number:
            raise err.NotYourTicket(f"{number} is not the current ticket of counter {cid}.")
        if t.status not in allowed:
            raise err.InvalidTransition(f"{number} is {t.status.replace('_', ' ')}.")
        return t

    def _roll(self, cmd: c.RollDay, now: datetime) -> list[ev.AnyEvent]:
        if not self.needs_roll(now):
            return []
        # Bookings nobody came for are settled first: after a server outage of days they
        # would otherwise leave the state unresolved.
        missed = self.appointments.missed(now)
        return [*missed, ev.DayRolled(at=now, day=service_day(now, self.config.tz))]

    def _take(self, cmd: c.TakeTicket, now: datetime) -> list[ev.AnyEvent]:
        s = self._service(cmd.service)
        if cmd.priority is not None and cmd.priority not in self.config.priorities:
            raise err.UnknownPriority(f'There is no priority category "{cmd.priority}".')
        self._check_issuing(s, now)
        return [self._issue(s, now, cmd.priority, cmd.lang, cmd.token, cmd.device, cmd.told_wait_s)]

    def _check_in(self, cmd: c.CheckIn, now: datetime) -> list[ev.AnyEvent]:
        """An appointment's ticket: issued even after the service stops issuing walk-in
        tickets for the day (the visitor was promised the time), but not once calls end.
        A code of a ticket joined from home checks that ticket in (core/remote.py)."""
        joined = remote.by_code(self.state, cmd.code)
        if joined is not None:
            return remote.arrive(self.config, joined, cmd.device, now)
        b = self.appointments.check_in(cmd, now)
        self._check_calls_open(now)
        s = self._service(b.service)
        return [
            self._issue(
                s, now, None, cmd.lang, cmd.token, cmd.device, cmd.told_wait_s, b.id, b.start
            )
        ]

    def _join(self, cmd: c.JoinQueue, now: datetime) -> list[ev.AnyEvent]:
        s = self._service(cmd.service)
        self._check_issuing(s, now)
        remote.check_join(self.config, self.state, s, now)
        taken = cmd.code in self.appointments.index.by_code
        if taken or remote.by_code(self.state, cmd.code) is not None:
            raise err.CodeTaken("That code is in use already; try again.")
        issued = self._issue(s, now, None, cmd.lang, cmd.token, cmd.device, cmd.told_wait_s)
        return [msgspec.structs.replace(issued, remote=True, code=cmd.code)]

    def _issue(
        self,
        s: Service,
        now: datetime,
        priority: str | None,
        lang: str,
        token: str,
        device: str,
        told_wait_s: int | None,
        booking: str | None = None,
        booked_for: datetime | None = None,
    ) -> ev.TicketTaken:
        n = self.state.last_number.get(s.id, 0) + 1
        if n > capacity(s.digits):
            raise err.NumbersExhausted(f'Service "{s.id}" has issued every number for today.')
        return ev.TicketTaken(
            at=now,
            ticket=format_number(s.prefix, n, s.digits),
            service=s.id,
            priority=priority,
            lang=lang,
            token=token,
            device=device,
            booking=booking,
            booked_for=booked_for,
            told_wait_s=told_wait_s,
        )

    def _call_next(self, cmd: c.CallNext, now: datetime) -> list[ev.AnyEvent]:
        opened: list[ev.AnyEvent] = []
        cs = self._counter(cmd.counter)
        self._check_calls_open(now)
        if cs.status == "closed" and cmd.auto_open:
            opened.append(ev.CounterOpened(at=now, counter=cs.id, clerk=None))
        else:
            self._ready_counter(cmd.counter)
            self._check_clerk(cs, cmd.clerk_required)
        counter = self.config.counters[cs.id]
        # Remote tickets whose turn it is but who are not here are passed over (core/remote.py).
        passed, picked = remote.pick_here(
            self.policy, self.lines, counter, self.config.priorities, now
        )
        opened += [ev.TurnPassed(at=now, ticket=t.number, counter=cs.id) for t in passed]
        if picked is None:
            return opened
        return [
            *opened,
            ev.TicketCalled(at=now, ticket=picked.number, counter=cs.id, clerk=cs.clerk),
        ]

    def _call_ticket(self, cmd: c.CallTicket, now: datetime) -> list[ev.AnyEvent]:
        cs = self._ready_counter(cmd.counter)
        self._check_clerk(cs, cmd.clerk_required)
        self._check_calls_open(now)
        t = self.ticket(cmd.ticket)
        if t.service not in self.config.counters[cs.id].services:
            raise err.NotYourTicket(f'Counter {cs.id} does not serve "{t.service}".')
        if t.status not in ("waiting", "no_show"):
            raise err.InvalidTransition(f"{t.number} is {t.status.replace('_', ' ')}.")
        rules.check_call_back(self.config.counter_rules, t, now)
        return [ev.TicketCalled(at=now, ticket=t.number, counter=cs.id, clerk=cs.clerk)]

    def _recall(self, cmd: c.Recall, now: datetime) -> list[ev.AnyEvent]:
        t = self._own(cmd.counter, cmd.ticket, ("called",))
        rules.check_recall(self.config.counter_rules, t)
        cs = self.state.counters[cmd.counter]
        return [
            ev.TicketCalled(at=now, ticket=t.number, counter=cs.id, clerk=cs.clerk, recall=True)
        ]

    def _start(self, cmd: c.StartServing, now: datetime) -> list[ev.AnyEvent]:
        t = self._own(cmd.counter, cmd.ticket, ("called",))
        return [ev.ServingStarted(at=now, ticket=t.number, counter=cmd.counter)]

    def _finish(self, cmd: c.Finish, now: datetime) -> list[ev.AnyEvent]:
        t = self._own(cmd.counter, cmd.ticket, ("called", "serving"))
        return [ev.TicketFinished(at=now, ticket=t.number, counter=cmd.counter)]

    def _no_show(self, cmd: c.NoShow, now: datetime) -> list[ev.AnyEvent]:
        t = self._own(cmd.counter, cmd.ticket, ("called",))
        rules.check_no_show(self.config.counter_rules, t, now)
        return [ev.TicketNoShow(at=now, ticket=t.number, counter=cmd.counter)]

    def _transfer(self, cmd: c.Transfer, now: datetime) -> list[ev.AnyEvent]:
        t = self._own(cmd.counter, cmd.ticket, ("called", "serving"))
        self._check_issuing(self._service(cmd.service), now)
        return [
            ev.TicketTransferred(
                at=now,
                ticket=t.number,
                counter=cmd.counter,
                service=cmd.service,
                keep_arrival=cmd.keep_arrival,
                note=cmd.note,
            )
        ]

    def _cancel(self, cmd: c.Cancel, now: datetime) -> list[ev.AnyEvent]:
        t = self.ticket(cmd.ticket)
        if t.status != "waiting":
            raise err.InvalidTransition(f"{t.number} is {t.status.replace('_', ' ')}.")
        return [ev.TicketCancelled(at=now, ticket=t.number, by=cmd.by)]

    def _open(self, cmd: c.OpenCounter, now: datetime) -> list[ev.AnyEvent]:
        cs = self._counter(cmd.counter)
        if cs.status == "closed" or (cs.clerk is None and cmd.clerk is not None):
            return [ev.CounterOpened(at=now, counter=cs.id, clerk=cmd.clerk)]
        if cs.clerk == cmd.clerk:
            return []
        raise err.CounterBusy(f"Counter {cs.id} is in use by {cs.clerk}: they must sign out first.")

    def _pause(self, cmd: c.Pause, now: datetime) -> list[ev.AnyEvent]:
        cs = self._ready_counter(cmd.counter)
        back = rules.back_at(now, cmd.minutes)
        return [ev.CounterPaused(at=now, counter=cs.id, reason=cmd.reason, back_at=back)]

    def _resume(self, cmd: c.Resume, now: datetime) -> list[ev.AnyEvent]:
        cs = self._counter(cmd.counter)
        if cs.status != "paused":
            raise err.InvalidTransition(f"Counter {cs.id} is not paused.")
        return [ev.CounterResumed(at=now, counter=cs.id)]

    def _close(self, cmd: c.CloseCounter, now: datetime) -> list[ev.AnyEvent]:
        cs = self._counter(cmd.counter)
        if cs.status == "closed":
            return []
        if cs.ticket is not None:
            raise err.CounterBusy(f"Counter {cs.id} still has {cs.ticket}: finish it first.")
        return [ev.CounterClosed(at=now, counter=cs.id, by=cmd.by)]

    # ---- apply ---------------------------------------------------------------------------

    def apply(self, e: ev.AnyEvent) -> None:
        """Fold a committed event into the state (server/core/folding.py)."""
        fold(self.state, self.config, self.lines, self.appointments, e)
        self.tally.apply(e, self.state)
