"""The counters' side of a simulation (server/sim/loop.py runs it): a counter opens and
closes with its shift, calls whenever it is free and someone waits, serves for a sampled
time or waits out a no-show, and counts the time it was open and busy. A mixin of `Loop`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.errors import DomainError
from server.sim.data import Run, Visit
from server.sim.ratings import Raters

# Event kinds of the counters (server/sim/loop.py has the others and their order).
OPEN, CLOSE, WAKE, DONE = 1, 2, 3, 4


class Counters:
    centre: Centre
    counters: list[str]
    # Service id -> the working counters serving it; counter id -> the services it serves.
    serving: dict[str, list[str]]
    skills: dict[str, list[str]]
    idle: set[str]
    # Counters whose shift has ended while serving: they close once done.
    closing: set[str]
    open_since: dict[str, float]
    no_show_s: float
    today: dict[str, Visit]
    day: int
    run_: Run
    raters: Raters | None
    # A remote ticket passed over (server/sim/joining.py, the sibling mixin).
    passed: Callable[[str, float], None]

    def push(self, at: float, kind: int, what: Any) -> None:
        raise NotImplementedError

    def at(self, s: float) -> datetime:
        raise NotImplementedError

    def open_time(self, since: float, until: float) -> float:
        raise NotImplementedError

    def open(self, cid: str, s: float) -> None:
        self.centre.execute(c.OpenCounter(counter=cid, clerk=None), self.at(s))
        self.open_since[cid] = s
        self.closing.discard(cid)
        self.idle.add(cid)
        self.call(cid, s)

    def on_close(self, s: float, what: Any) -> None:
        cid = str(what)
        if cid in self.idle:
            self.close(cid, s)
        elif cid in self.open_since:
            self.closing.add(cid)

    def close(self, cid: str, s: float) -> None:
        self.centre.execute(c.CloseCounter(counter=cid, by="sim"), self.at(s))
        self.idle.discard(cid)
        self.closing.discard(cid)
        self.run_.open_s[cid] += self.open_time(self.open_since.pop(cid), s)

    def on_wake(self, s: float, what: Any) -> None:
        """A span opens (`None`) or an appointment's time comes (its service)."""
        counters = self.counters if what is None else self.serving[str(what)]
        for cid in counters:
            if cid in self.idle:
                self.call(cid, s)

    def call(self, cid: str, s: float) -> bool:
        # Nobody waiting for this counter: the core would call no one (asking it anyway
        # costs a third of a run).
        waiting = self.centre.waiting
        if not any(waiting[sid] for sid in self.skills[cid]):
            return False
        now = self.at(s)
        try:
            called = self.centre.execute(c.CallNext(counter=cid), now)
        except DomainError:
            return False
        for e in called:
            if isinstance(e, ev.TicketCalled):
                v = self.today[e.ticket]
                v.called_at, v.counter = s, cid
                self.idle.discard(cid)
                if v.no_show:
                    took = self.no_show_s
                else:
                    self.centre.execute(c.StartServing(counter=cid, ticket=e.ticket), now)
                    took = v.length_s
                self.run_.busy_s[cid] += took
                self.push(s + took, DONE, (cid, e.ticket, self.day, v.no_show))
                return True
            if isinstance(e, ev.TurnPassed):
                # A ticket joined from home whose turn came before its visitor.
                self.passed(e.ticket, s)
        return False

    def on_done(self, s: float, what: Any) -> None:
        cid, number, day, gone = what
        now = self.at(s)
        if day == self.day:
            done = c.NoShow if gone else c.Finish
            self.centre.execute(done(counter=cid, ticket=number), now)
            if self.raters is not None and not gone:
                self.raters.served(self.today[number], now)
        if cid in self.closing:
            self.close(cid, s)
            return
        self.idle.add(cid)
        self.call(cid, s)

    def offer(self, service: str, s: float) -> None:
        idle = self.idle
        for cid in self.serving[service]:
            if cid in idle and self.call(cid, s):
                return
