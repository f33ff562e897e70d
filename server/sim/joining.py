"""Visitors who join the queue from home (the scenario's `[remote]`, docs/simulate.md), through
the core's own rules for remote tickets (server/core/remote.py). A mixin of `Loop`
(server/sim/loop.py).

- A visitor without an appointment or a priority joins from home with the scenario's share,
  at the time they would have taken a ticket: `JoinQueue` with a code of their own. Refused
  (the service full of remote tickets, or too near its stop), they come in person instead
  after their delay.
- They check in at the kiosk (`CheckIn` with their code) after their delay, or never. Until
  then a counter's call passes them over when their turn comes; the server's tick
  (`LapseRemote`) lapses their place once the centre's `grace_min` has passed. One who comes
  after that is told at the kiosk to take a ticket, and takes a walk-in ticket.

Their own random stream (whether they join, come and when) is drawn for each visitor in the
same order whatever happens to them, and their visit length is drawn when they join: with
one seed every policy meets the same visitors, and a run with a share of 0 is the run
without remote joining.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.errors import DomainError
from server.sim.data import Remote, Run, Visit, count_one
from server.sim.models import Sampler

# Event kinds of joining from home (server/sim/loop.py has the others).
HOME_IN, HOME_WALK_IN, LAPSE = 7, 8, 9
# The server's tick (server/net/app.py) lapses a place at most this long after its grace.
TICK_S = 10.0

# A visitor's length of visit and whether they will be gone when called.
Drawn = tuple[float, bool]


class Joining:
    centre: Centre
    run_: Run
    today: dict[str, Visit]
    day: int
    remote: Remote | None
    # Service id -> the stream of its visitors from home, and their delay to check in.
    homes: dict[str, random.Random]
    delays: dict[str, Sampler]
    lapse_s: float
    codes: int
    # A free counter of the service calls (server/sim/counters.py, the sibling mixin).
    offer: Callable[[str, float], None]

    def push(self, at: float, kind: int, what: Any) -> None:
        raise NotImplementedError

    def at(self, s: float) -> datetime:
        raise NotImplementedError

    def draws(self, service: str) -> Drawn:
        raise NotImplementedError

    def add(self, v: Visit, drawn: Drawn | None = None) -> None:
        raise NotImplementedError

    def take(self, service: str, s: float, priority: str | None, drawn: Drawn | None) -> None:
        raise NotImplementedError

    def look(
        self, service: str, now: datetime, priority: str | None
    ) -> tuple[dict[str, int], tuple[int, int, int]]:
        raise NotImplementedError

    def from_home(self, service: str, s: float) -> bool:
        """Whether this visitor joins from home (then they are dealt with here)."""
        remote = self.remote
        if remote is None:
            return False
        rng = self.homes[service]
        if rng.random() >= remote.share:
            return False
        never = rng.random() < remote.never_come
        delay = self.delays[service]()
        drawn = self.draws(service)
        now = self.at(s)
        told, seen = self.look(service, now, None)
        self.codes += 1
        code = f"HOME{self.codes}"
        try:
            (taken,) = self.centre.execute(
                c.JoinQueue(service=service, token="-", code=code, device="sim"), now
            )
        except DomainError:
            count_one(self.run_.remote_refused, service)
            if not never:
                self.push(s + delay, HOME_WALK_IN, (service, drawn))
            return True
        assert isinstance(taken, ev.TicketTaken)
        v = Visit(taken.ticket, service, None, s, told=told, seen=seen, remote=True)
        self.add(v, drawn)
        if not never:
            self.push(s + delay, HOME_IN, (v, code, self.day))
        return True

    def on_home_in(self, s: float, what: Any) -> None:
        v, code, day = what
        now = self.at(s)
        if day != self.day:
            return  # the centre closed for the day before they came
        try:
            self.centre.execute(c.CheckIn(code=code, token="-", device="sim"), now)
        except DomainError:
            # Their place lapsed: the kiosk tells them to take a ticket.
            count_one(self.run_.remote_late, v.service)
            self.take(v.service, s, None, (v.length_s, v.no_show))
            return
        v.arrived_at = s
        self.offer(v.service, s)

    def on_home_walk_in(self, s: float, what: Any) -> None:
        service, drawn = what
        self.take(service, s, None, drawn)

    def passed(self, ticket: str, s: float) -> None:
        """A counter's call passed over a remote ticket not here: the server's tick will lapse
        it when its grace ends, unless it checks in first."""
        self.today[ticket].passed_at = s
        self.push(s + self.lapse_s, LAPSE, self.day)

    def on_lapse(self, s: float, day: Any) -> None:
        now = self.at(s)
        if day != self.day:
            return  # the day's roll ended every ticket already
        for e in self.centre.execute(c.LapseRemote(), now):
            if isinstance(e, ev.TicketLapsed):
                self.today[e.ticket].lapsed = True
