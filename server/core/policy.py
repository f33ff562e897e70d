"""Who a counter calls next. A policy sees the waiting tickets a counter may serve and picks one.

Every policy first takes tickets sent "to the front" by a transfer, oldest transfer first.

- `fifo`: the longest-waiting ticket, priority ignored.
- `strict`: the highest priority weight first, FIFO within a weight. Priority visitors can
  starve everyone else on a busy day; offered because some offices are required to work so.
- `accumulating` (default): a ticket's claim is `wait x priority weight x counter weight`
  (Stanford & Taylor's accumulating priority queue). Priority visitors overtake, but only
  tickets that have themselves waited at least 1/R as long as the one they pass (R the largest
  ratio of weights), so nobody waits forever.

Appointments: a checked-in appointment queues from its booked time, not its arrival
(`queued_at`, set by the core), early or late within its grace window. Under `accumulating`
its claim grows with the largest weight any walk-in can have at that counter, K (the largest
priority weight x the counter's largest service weight), and from its time on it counts as
having waited `[policy] appointment_head_start_min` (H, default 15 min) already:
claim = (now - booked + H) x K once now >= booked, else 0. So:

- at its time it is called before every walk-in who has waited less than H x K / w (w the
  walk-in's own weight; 45 min for a plain walk-in with K = 3): punctual, even ahead of
  walk-ins who came before it;
- once its time has come, it is called before every walk-in who arrived after that time
  (their claim grows no faster and started later);
- before its time, its claim is 0: every walk-in already waiting goes first, but an idle
  counter may take it early;
- the walk-in bound: an appointment is called ahead of a waiting walk-in W only while W's
  wait T satisfies T x w_W <= (d + H) x K, d the appointment's lateness past its booked time
  (at most its grace window when it checked in late, growing while it waits). A walk-in is
  passed by another walk-in only if that one has waited at least w_W/K of T. As bookings per
  slot are capped (core/booking.py), this bounds every walk-in's wait.
- Under `strict` an appointment ranks with the highest priority weight; under `fifo` by
  its booked time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from server.config import Counter, Priority
from server.core.model import Ticket


class Policy(Protocol):
    name: str

    def pick(
        self,
        waiting: Iterable[Ticket],
        counter: Counter,
        priorities: dict[str, Priority],
        now: datetime,
    ) -> Ticket | None: ...


def _preference(counter: Counter, ticket: Ticket) -> int:
    return counter.services.index(ticket.service)


def top_weight(priorities: dict[str, Priority]) -> float:
    """The weight of an appointment: the largest any walk-in can have."""
    return max((p.weight for p in priorities.values()), default=1.0)


def _weight(priorities: dict[str, Priority], ticket: Ticket) -> float:
    if ticket.booking is not None:
        return max(1.0, top_weight(priorities))
    p = priorities.get(ticket.priority) if ticket.priority else None
    return p.weight if p else 1.0


def _counter_weight(counter: Counter, ticket: Ticket) -> float:
    if ticket.booking is not None:
        return max([1.0, *counter.weights.values()])
    return counter.weight(ticket.service)


def _front(waiting: list[Ticket]) -> Ticket | None:
    fronted = [t for t in waiting if t.front]
    # A total order: ties must not fall to the waiting dict's order, which a snapshot restore
    # rebuilds differently from the live log order.
    return min(fronted, key=lambda t: (t.queued_at, t.taken_at, t.number)) if fronted else None


class _Ranked:
    """Fronted tickets first, then the smallest `rank`; the rank's tail breaks ties the same
    way in every policy (older first, then the counter's preferred service, then number)."""

    name = ""

    def __init__(self, head_start_min: float = 15) -> None:
        self.head_start_s = head_start_min * 60

    def rank(
        self, t: Ticket, counter: Counter, priorities: dict[str, Priority], now: datetime
    ) -> tuple[float, ...]:
        raise NotImplementedError

    def pick(
        self,
        waiting: Iterable[Ticket],
        counter: Counter,
        priorities: dict[str, Priority],
        now: datetime,
    ) -> Ticket | None:
        tickets = list(waiting)
        if not tickets:
            return None
        return _front(tickets) or min(
            tickets,
            key=lambda t: (
                *self.rank(t, counter, priorities, now),
                t.queued_at,
                _preference(counter, t),
                t.number,
            ),
        )


class Fifo(_Ranked):
    name = "fifo"

    def rank(
        self, t: Ticket, counter: Counter, priorities: dict[str, Priority], now: datetime
    ) -> tuple[float, ...]:
        return ()


class Strict(_Ranked):
    name = "strict"

    def rank(
        self, t: Ticket, counter: Counter, priorities: dict[str, Priority], now: datetime
    ) -> tuple[float, ...]:
        return (-_weight(priorities, t),)


class Accumulating(_Ranked):
    name = "accumulating"

    def claim(
        self, ticket: Ticket, counter: Counter, priorities: dict[str, Priority], now: datetime
    ) -> float:
        waited = (now - ticket.queued_at).total_seconds()
        if ticket.booking is not None:
            # Nothing before its time; from its time on, a head start (see the docstring).
            waited = waited + self.head_start_s if waited >= 0 else 0.0
        return max(0.0, waited) * _weight(priorities, ticket) * _counter_weight(counter, ticket)

    def rank(
        self, t: Ticket, counter: Counter, priorities: dict[str, Priority], now: datetime
    ) -> tuple[float, ...]:
        return (-self.claim(t, counter, priorities, now),)


POLICIES: dict[str, type[_Ranked]] = {
    "fifo": Fifo,
    "strict": Strict,
    "accumulating": Accumulating,
}


def make(name: str, head_start_min: float = 15) -> Policy:
    return POLICIES[name](head_start_min)
