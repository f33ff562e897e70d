"""A discrete-event simulation of a centre that runs the real core on a virtual clock.

The same `Centre` the server runs takes every ticket, call and finish, so the policy and the
estimators measured here are the ones visitors meet; nothing of the rules is copied. Visitors
arrive as Poisson streams per service; a free counter calls at once; a visit takes a sampled
service time. At each ticket every estimator under test is asked what it would tell the
visitor, and the wait that followed is recorded beside it.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.core.estimate import Estimator


@dataclass(frozen=True)
class Demand:
    """Visitors of one service: Poisson arrivals, exponential service times."""

    service: str
    per_hour: float
    mean_service_s: float
    # Priority id -> share of this service's visitors with it.
    priorities: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    config: CentreConfig
    demand: Sequence[Demand]
    # Counters open the whole simulated time, each with its configured services.
    counters: Sequence[str]
    start: datetime
    hours: float


@dataclass
class Visit:
    number: str
    service: str
    priority: str | None
    taken_at: float
    called_at: float | None = None
    # Estimator name -> seconds it told this visitor at issue.
    told: dict[str, int] = field(default_factory=dict)
    # What an estimator could see at issue (server/sim/accuracy.py groups by it for the
    # floor): people waiting for the service, of them with a priority, free counters for it.
    seen: tuple[int, int, int] = (0, 0, 0)

    @property
    def wait_s(self) -> float | None:
        return None if self.called_at is None else self.called_at - self.taken_at


@dataclass
class Run:
    visits: list[Visit]
    # Counter id -> seconds spent serving.
    busy_s: dict[str, float]
    seconds: float


_ARRIVE, _FINISH = 0, 1


def simulate(scenario: Scenario, seed: int = 0, estimators: Sequence[Estimator] = ()) -> Run:
    rng = random.Random(seed)
    centre = Centre(scenario.config)
    t0 = scenario.start
    end_s = scenario.hours * 3600
    centre.execute(c.RollDay(), t0)
    for cid in scenario.counters:
        centre.execute(c.OpenCounter(counter=cid, clerk=None), t0)
    heap: list[tuple[float, int, int, str]] = []
    seq = 0
    for i, d in enumerate(scenario.demand):
        if d.per_hour > 0:
            heap.append((rng.expovariate(d.per_hour / 3600), seq, _ARRIVE, str(i)))
            seq += 1
    heapq.heapify(heap)
    visits: dict[str, Visit] = {}
    busy: dict[str, float] = dict.fromkeys(scenario.counters, 0.0)
    idle = list(scenario.counters)
    serves = {cid: set(scenario.config.counters[cid].services) for cid in scenario.counters}

    def call(cid: str, now_s: float) -> bool:
        nonlocal seq
        now = t0 + timedelta(seconds=now_s)
        called = [e for e in centre.execute(c.CallNext(counter=cid), now)]
        for e in called:
            if isinstance(e, ev.TicketCalled):
                visits[e.ticket].called_at = now_s
                centre.execute(c.StartServing(counter=cid, ticket=e.ticket), now)
                d = scenario.demand[_demand_of[visits[e.ticket].service]]
                took = rng.expovariate(1 / d.mean_service_s)
                busy[cid] += took
                heapq.heappush(heap, (now_s + took, seq, _FINISH, f"{cid}\x00{e.ticket}"))
                seq += 1
                return True
        return False

    _demand_of = {d.service: i for i, d in enumerate(scenario.demand)}
    while heap:
        now_s, _, kind, what = heapq.heappop(heap)
        now = t0 + timedelta(seconds=now_s)
        if kind == _ARRIVE:
            if now_s > end_s:
                continue
            d = scenario.demand[int(what)]
            heapq.heappush(heap, (now_s + rng.expovariate(d.per_hour / 3600), seq, _ARRIVE, what))
            seq += 1
            priority = _draw(rng, d.priorities)
            waiting = centre.waiting[d.service].values()
            free = sum(1 for x in idle if d.service in serves[x])
            seen = (len(waiting), sum(1 for t in waiting if t.priority), free)
            told = {}
            for est in estimators:
                told[est.name] = est.waits(centre, now).new[(d.service, priority)]
            (taken,) = centre.execute(
                c.TakeTicket(service=d.service, priority=priority, token="-", device="sim"), now
            )
            assert isinstance(taken, ev.TicketTaken)
            visits[taken.ticket] = Visit(
                taken.ticket, d.service, priority, now_s, told=told, seen=seen
            )
            for cid in [x for x in idle if d.service in serves[x]]:
                if call(cid, now_s):
                    idle.remove(cid)
                    break
        else:
            cid, number = what.split("\x00")
            centre.execute(c.Finish(counter=cid, ticket=number), now)
            if not call(cid, now_s):
                idle.append(cid)
    return Run(visits=list(visits.values()), busy_s=busy, seconds=end_s)


def _draw(rng: random.Random, shares: dict[str, float]) -> str | None:
    x = rng.random()
    for pid, share in shares.items():
        if x < share:
            return pid
        x -= share
    return None
