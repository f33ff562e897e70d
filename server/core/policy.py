"""Who a counter calls next. A policy sees the waiting tickets a counter may serve and picks one.

Every policy first takes tickets sent "to the front" by a transfer, oldest transfer first.

- `fifo`: the longest-waiting ticket, priority ignored.
- `strict`: the highest priority weight first, FIFO within a weight. Priority visitors can
  starve everyone else on a busy day; offered because some offices are required to work so.
- `accumulating` (default): a ticket's claim is `wait x priority weight x counter weight`
  (Stanford & Taylor's accumulating priority queue). Priority visitors overtake, but only
  tickets that have themselves waited at least 1/R as long as the one they pass (R the largest
  ratio of weights), so nobody waits forever. A ticket with a priority (like an appointment)
  takes the counter's largest service weight, whatever its service: a counter that prefers
  its home service x2 would otherwise halve a priority weight for the visitors of its other
  services, and on a centre whose counters share services most priority visitors are such
  visitors (simulated on the embedded centre with priority weights 8, their mean wait fell
  from 0.41 to 0.35 of FIFO's; docs/policy.md has the tables).

Appointments: a checked-in appointment queues from its booked time, not its arrival
(`queued_at`, set by the core), early or late within its grace window. Under `accumulating`
its claim grows with K, the largest weight any walk-in can have at that counter (the largest
priority weight x the counter's largest service weight, each at least 1), and from its time
on it counts as having waited `[policy] appointment_head_start_min` (H, default 15 min)
already: claim = (now - booked + H) x K once now >= booked, else 0. What follows is checked
by tests/core/test_appointment_policy.py, at every call and over whole mornings.

- Punctual: at its time it is called before every walk-in who has waited less than
  H x K / w (w the walk-in's own weight; 45 min for a plain walk-in with K = 3), even ahead
  of walk-ins who came before it; and once its time has come, at a counter serving it,
  before every walk-in who arrived after that time (their claim grows no faster and started
  later; under `strict` it ranks with the top weight and then by its time, under `fifo` by
  its time). Before its time it is not called at all, even by an idle counter: the kiosk
  told the visitor they will be called at their time, and they may have stepped out. (A
  clerk who sees them may still call the number with `call_ticket`.)
- The walk-in bound, at every call: a counter calls Y while walk-in W waits (neither sent to
  the front) only if K x wait(Y) >= w_W x wait(W), where w_W is W's weight at that counter
  (its priority weight x the counter's weight for its service, or its largest weight if W
  has a priority; so w_W <= K) and wait is now minus `queued_at`, at least 0 — for an
  appointment, now minus its booked time plus H once that has come. So a walk-in waiting
  30 min with K = 3 is passed only by walk-ins waiting >= 10 min, or by appointments due
  since >= 10 - H min.
- The whole-day bound that follows. Count an appointment as queued H before its booked time
  (a walk-in at its arrival). Let c counters serve W's services, each calling whenever it is
  free and someone waits and taking s minutes a visitor. W arrives at a; Q visitors still to
  be called then queue at or before a, and at most n0 + c x / s more queue in any x minutes
  after a. Then W is called within s x (1 + K x (Q + n0) / (c x w_W)) minutes. Why: while W
  waits from a to a + D the counters call at least c x floor(D/s) others, and by the rule
  above each of them queued by a + D x (1 - w_W/K); these are at most
  Q + n0 + (c/s) x D x (1 - w_W/K), fewer than c x floor(D/s) once
  floor(D/s) > K x (Q + n0) / (c x w_W).
  Bookings within the share cap (core/booking.py: at most share x c x slot / s per slot)
  come at most share x c / s a minute, so walk-ins arriving at up to (1 - share) x c / s keep
  the arrivals within c / s, as the bound needs; n0 is then the burst of a slot, of the
  bookings of the next H minutes, or of a crowd. (One place per slot is kept even when the
  share allows less: slots shorter than a visit on few counters can overfill the share, and
  Q then grows through the day.)
- A ticket joined from home (core/remote.py) is a walk-in that queues from the time it
  joined: the visitor did wait, at home. While not here it is never called: `call_next`
  weighs it like any walk-in and, when it would win, passes it over and calls the best of
  the others, so those here lose no place to it. Once checked in it is a plain walk-in, and
  one passed over comes back with the claim of its whole wait, so it is called next or
  nearly (the grace the visitor was promised).
- A lapsed booking never jumps the queue: past its grace window the check-in is refused
  (core/appointments.py) and the walk-in ticket taken instead queues from its arrival.
- Under `strict` an appointment ranks with the highest priority weight; there is no walk-in
  bound (priority visitors can starve anyone). Under `fifo` a ticket is passed only by
  tickets queued before it, so the whole-day bound holds with K = w_W and H = 0.
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


def _counter_weight(counter: Counter, ticket: Ticket, priorities: dict[str, Priority]) -> float:
    """The counter's weight for the ticket's service; its largest for a priority visitor or
    an appointment, whom every counter serving them serves as its own (see the docstring)."""
    if ticket.booking is not None or (
        ticket.priority is not None and ticket.priority in priorities
    ):
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
        # An appointment before its time was told it will be called at its time: not yet.
        tickets = [t for t in waiting if t.booking is None or t.front or t.queued_at <= now]
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
        cw = _counter_weight(counter, ticket, priorities)
        return max(0.0, waited) * _weight(priorities, ticket) * cw

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
