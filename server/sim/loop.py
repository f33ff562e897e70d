"""The event loop of a simulation (server/sim/engine.py says what it models).

Every decision is the core's: the loop only says what people do and when (a visitor takes a
ticket, a free clerk calls, a visit ends, a shift starts) and records what followed. A
command the core refuses is what the visitor or clerk meets too: a walk-in refused a ticket
goes home, a clerk refused a call (the centre closed for lunch) waits for the next opening.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.errors import DomainError
from server.core.estimate import Estimator
from server.sim import calendar
from server.sim.booking import Booker
from server.sim.counters import CLOSE, DONE, OPEN, WAKE, Counters
from server.sim.data import Demand, Run, Scenario, Visit, count_one
from server.sim.joining import HOME_IN, HOME_WALK_IN, LAPSE, TICK_S, Drawn, Joining
from server.sim.models import Arrivals, pick_share
from server.sim.ratings import Raters

# Event kinds, in the order they happen at one instant (the counters' in between).
DAY, CHECKIN, ARRIVE = 0, 5, 6


class _Keeping(Centre):
    """A centre that also keeps every event it applied (a list extended per command: the
    run's cost barely changes)."""

    def __init__(self, config: CentreConfig, kept: list[ev.AnyEvent]) -> None:
        super().__init__(config)
        self.kept = kept

    def execute(self, cmd: c.AnyCommand, now: datetime) -> list[ev.AnyEvent]:
        events = super().execute(cmd, now)
        self.kept += events
        return events


class Loop(Counters, Joining):
    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        estimators: Sequence[Estimator],
        *,
        keep_events: bool = False,
    ):
        self.sc = sc = scenario
        # Each service has its own streams of arrivals, of visitors (priority, visit length,
        # no-show) and of bookings: the same seed brings the same visitors whatever the policy
        # does with them, so policies are compared on the same days.
        self.arriving = {d.service: _rng(seed, "arrivals", d.service) for d in sc.demand}
        self.visitors = {d.service: _rng(seed, "visitors", d.service) for d in sc.demand}
        self.booking = {d.service: _rng(seed, "bookings", d.service) for d in sc.demand}
        self.estimators = estimators
        cfg = sc.config
        self.demand = {d.service: d for d in sc.demand}
        self.draw = {d.service: d.service_time.sampler(self.visitors[d.service]) for d in sc.demand}
        self.counters = list(sc.counters)
        self.serving = {
            sid: [cid for cid in self.counters if sid in cfg.counters[cid].services]
            for sid in cfg.services
        }
        self.skills = {cid: cfg.counters[cid].services for cid in self.counters}
        self.no_show_s = max(sc.no_show_wait_s, float(cfg.counter_rules.no_show_after_s))
        self.heap: list[tuple[float, int, int, Any]] = []
        self.seq = 0
        self.idle: set[str] = set()
        self.closing: set[str] = set()
        self.open_since: dict[str, float] = {}
        self.today: dict[str, Visit] = {}
        self.day = -1
        self.run_ = Run(
            visits=[],
            busy_s=dict.fromkeys(self.counters, 0.0),
            seconds=sc.hours * 3600 if sc.days == 0 else sc.days * calendar.DAY_S,
            open_s=dict.fromkeys(self.counters, 0.0),
            days=max(1, sc.days),
        )
        self.centre = _Keeping(cfg, self.run_.events) if keep_events else Centre(cfg)
        if sc.days == 0:
            self.clock = calendar.Clock(sc.start, cfg.tz)
        else:
            first = sc.start.astimezone(cfg.tz).date()
            self.clock = calendar.Clock(calendar.midnight(first, cfg.tz), cfg.tz)
            self.days = calendar.days(cfg, self.clock, first, sc.days)
        self.roll_at = float("-inf")
        self.this_day: calendar.Day | None = None
        self.grace_s = cfg.counter_rules.calls_after_close_min * 60.0
        self.last_s, self.last_at = float("nan"), self.clock.t0
        self.booker = Booker(self.centre, self.clock, sc.no_show, sc.arrive_min)
        self.raters = Raters(self.centre, sc.rated, seed) if sc.rated > 0 else None
        # Visitors joining from home (server/sim/joining.py): a stream of their own per service.
        self.remote = remote = sc.remote
        self.homes, self.delays = {}, {}
        if remote is not None:
            for sid in remote.services:
                self.homes[sid] = home = _rng(seed, "remote", sid)
                self.delays[sid] = remote.delay.sampler(home)
        self.lapse_s = cfg.remote.grace_min * 60.0 + TICK_S
        self.codes = 0

    # ---- the clock -----------------------------------------------------------------------

    def push(self, at: float, kind: int, what: Any) -> None:
        heapq.heappush(self.heap, (at, self.seq, kind, what))
        self.seq += 1

    def at(self, s: float) -> datetime:
        """The instant `s`, the service day rolled first if it has turned (as the server does)."""
        if s == self.last_s:
            return self.last_at
        now = self.clock.at(s)
        self.last_s, self.last_at = s, now
        if s >= self.roll_at:
            self.centre.execute(c.RollDay(), now)
            self.roll_at = self.clock.next_midnight(s)
            self.day += 1
            self.today = {}
        return now

    def stream(self, d: Demand, spans: Sequence[tuple[float, float]], share: float) -> None:
        arrivals = d.arrivals if share == 1.0 else Arrivals(d.per_hour * share, d.profile)
        times = (
            t
            for a, b in spans
            for t in arrivals.times(self.arriving[d.service], a, b, self.clock.hour_of)
        )
        self.next_arrival(d.service, times)

    def next_arrival(self, service: str, times: Iterator[float] | None) -> None:
        if times is not None:
            t = next(times, None)
            if t is not None:
                self.push(t, ARRIVE, (service, times))

    # ---- the run -------------------------------------------------------------------------

    def run(self) -> Run:
        sc = self.sc
        if sc.days == 0:
            self.at(0.0)
            for cid in self.counters:
                self.open(cid, 0.0)
            for d in sc.demand:
                self.stream(d, [(0.0, sc.hours * 3600)], 1.0)
        else:
            for day in self.days:
                self.push(day.start_s, DAY, day)
        handlers = {
            DAY: self.on_day,
            OPEN: lambda s, w: self.open(str(w), s),
            CLOSE: self.on_close,
            WAKE: self.on_wake,
            DONE: self.on_done,
            CHECKIN: self.on_checkin,
            ARRIVE: self.on_arrive,
            HOME_IN: self.on_home_in,
            HOME_WALK_IN: self.on_home_walk_in,
            LAPSE: self.on_lapse,
        }
        heap, pop = self.heap, heapq.heappop
        last = 0.0
        while heap:
            last, _, kind, what = pop(heap)
            handlers[kind](last, what)
        # Counters still open at the end (a `days = 0` run keeps them open throughout).
        for cid, since in self.open_since.items():
            self.run_.open_s[cid] += self.open_time(since, max(last, self.run_.seconds))
        return self.run_

    def open_time(self, since: float, until: float) -> float:
        """Seconds a counter was open and the centre took calls (a lunch break left out)."""
        day = self.this_day
        if day is None:
            return until - since
        return until - since - day.breaks(since, until, self.grace_s)

    def on_day(self, s: float, day: calendar.Day) -> None:
        self.at(s)
        self.this_day = day
        if not day.spans:
            return
        grace = self.grace_s
        for a, _ in day.spans:
            self.push(a, WAKE, None)
        for cid in self.counters:
            opens, closes = day.shift(self.clock, self.sc.shifts.get(cid), grace)
            if opens < closes:
                self.push(opens, OPEN, cid)
                self.push(closes, CLOSE, cid)
        for d in self.sc.demand:
            booked = d.appointments if self.sc.config.services[d.service].booking else 0.0
            if d.per_hour > 0:
                self.stream(d, day.spans, 1.0 - booked)
            if booked > 0:
                for v in self.booker.day(d, day, booked, self.at(s), self.booking[d.service]):
                    if v.code is None:
                        count_one(self.run_.unbooked, d.service)
                        self.push(v.at_s, ARRIVE, (d.service, None))
                    else:
                        self.push(v.at_s, CHECKIN, (d.service, v.code, v.booked_s))

    def on_arrive(self, s: float, what: Any) -> None:
        service, times = what
        self.next_arrival(service, times)
        # Of the day's stream of visitors (not those who found no slot), some join from home.
        self.walk_in(self.demand[service], s, times is not None and service in self.homes)

    def walk_in(self, d: Demand, s: float, may_join: bool = False) -> None:
        priority = pick_share(self.visitors[d.service], d.priorities)
        # A priority is shown at the kiosk: those with one come in person.
        if may_join and priority is None and self.from_home(d.service, s):
            return
        self.take(d.service, s, priority)

    def take(
        self, service: str, s: float, priority: str | None, drawn: Drawn | None = None
    ) -> None:
        """A ticket at the kiosk (refused: the visitor goes home)."""
        now = self.at(s)
        told, seen = self.look(service, now, priority)
        try:
            (taken,) = self.centre.execute(
                c.TakeTicket(service=service, priority=priority, token="-", device="sim"), now
            )
        except DomainError:
            count_one(self.run_.refused, service)
            return
        assert isinstance(taken, ev.TicketTaken)
        self.add(Visit(taken.ticket, service, priority, s, told=told, seen=seen), drawn)
        self.offer(service, s)

    def look(
        self, service: str, now: datetime, priority: str | None
    ) -> tuple[dict[str, int], tuple[int, int, int]]:
        """What each estimator tells a walk-in now, and what one could see (only measured
        with estimators: counting the priority visitors waiting is a pass over the queue)."""
        if not self.estimators:
            return {}, (0, 0, 0)
        waiting = self.centre.waiting[service].values()
        free = sum(1 for x in self.serving[service] if x in self.idle)
        seen = (len(waiting), sum(1 for t in waiting if t.priority), free)
        return {
            e.name: e.waits(self.centre, now).new[(service, priority)] for e in self.estimators
        }, seen

    def draws(self, service: str) -> Drawn:
        """How long a visitor's visit will take, and whether they will be gone when called."""
        return self.draw[service](), self.visitors[service].random() < self.sc.no_show

    def add(self, v: Visit, drawn: Drawn | None = None) -> None:
        """Today's visitor, with what they bring (drawn now unless drawn before)."""
        v.day = self.day
        v.length_s, gone = self.draws(v.service) if drawn is None else drawn
        v.no_show = v.booked_at is None and gone
        self.today[v.number] = v
        self.run_.visits.append(v)

    def on_checkin(self, s: float, what: Any) -> None:
        service, code, booked_s = what
        now = self.at(s)
        try:
            (taken,) = self.centre.execute(c.CheckIn(code=code, token="-", device="sim"), now)
        except DomainError:
            # Too late, or the centre closed: the kiosk says to take a walk-in ticket.
            count_one(self.run_.lapsed, service)
            self.walk_in(self.demand[service], s)
            return
        assert isinstance(taken, ev.TicketTaken)
        told = {}
        for e in self.estimators:
            told[e.name] = e.waits(self.centre, now).tickets.get(taken.ticket, 0)
        self.add(Visit(taken.ticket, service, None, s, told=told, booked_at=booked_s))
        if s < booked_s:
            self.push(booked_s, WAKE, service)
        else:
            self.offer(service, s)


def _rng(seed: int, stream: str, service: str) -> random.Random:
    return random.Random(f"{seed}:{stream}:{service}")
