"""What the queue promises with appointments (server/core/policy.py), as hypothesis properties:

- a checked-in appointment whose time has come is called before every walk-in who arrived
  after that time, by any counter serving it (tickets sent to the front aside);
- the walk-in bound: a ticket Y is called ahead of a waiting walk-in W only if
  K x wait(Y) >= w_W x wait(W) (K the appointment weight at that counter, w_W W's weight
  there, an appointment's wait counted from H before its time once that has come);
  and over a whole morning with counters at a fixed pace, every walk-in is called within the
  bound policy.py derives from it;
- a lapsed booking never jumps the queue: its check-in is refused, changing nothing, and the
  walk-in ticket taken instead queues from its arrival.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.core import commands as c
from server.core import errors as err
from server.core.model import Ticket
from server.core.policy import make
from tests.core.appointment_day import Day, Plan, k_weight, plans, play, walk_in_weight

POLICIES = ("accumulating", "strict", "fifo")
SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0, "booking": {"slot_min": 15}},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
]
MORNING = (2026, 2, 10, 8)  # a Tuesday
HEAD_S = 15 * 60  # [policy] appointment_head_start_min, by default


def waited(t: Ticket, now: datetime, head_s: float = 0.0) -> float:
    """Seconds since `queued_at`, at least 0; an appointment's head start from its time on."""
    w = (now - t.queued_at).total_seconds()
    return w + head_s if t.booking is not None and w >= 0 else max(0.0, w)


def check_appointments_first(now: datetime, picked: Ticket, waiting: list[Ticket]) -> None:
    """No walk-in is called while an appointment due before its arrival waits."""
    if picked.booking is not None or picked.front:
        return
    for a in waiting:
        if a.booking is not None and a.queued_at <= now:
            assert picked.taken_at <= a.queued_at, (
                f"walk-in {picked.number} (came {picked.taken_at:%H:%M:%S}) called before "
                f"appointment {a.number} due {a.queued_at:%H:%M:%S}"
            )


def check_walk_in_bound(
    now: datetime, picked: Ticket, waiting: list[Ticket], k: float, weight, head_s: float
) -> None:
    """K x wait(Y) >= w_W x wait(W) for every waiting walk-in W the pick passed."""
    if picked.front:
        return
    mine = waited(picked, now, head_s)
    for w in waiting:
        if w.booking is None and not w.front and w is not picked:
            assert k * mine >= weight(w) * waited(w, now) * (1 - 1e-9), (
                f"{picked.number} ({mine:.0f}s) passed walk-in {w.number} "
                f"({waited(w, now):.0f}s, weight {weight(w)}) with K = {k}"
            )


# ---- one call ------------------------------------------------------------------------------

tickets = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from([None, "senior", "expecting", "booked"]),
        st.integers(-1800, 4 * 3600),  # seconds waited; an early appointment is negative
        st.booleans(),  # sent to the front
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(
    tickets=tickets,
    policy=st.sampled_from(POLICIES),
    weights=st.sampled_from([{}, {"a": 2.0}, {"b": 3.0}, {"a": 0.5, "b": 1.5}]),
    fronts=st.booleans(),
)
def test_each_call_keeps_appointments_punctual_and_walk_ins_bounded(
    kit, tickets, policy, weights, fronts
):
    config = kit.config(
        services=SERVICES,
        priorities={"senior": 3.0, "expecting": 1.5},
        counters={"c1": ["a", "b"]},
        weights={"c1": weights},
        policy=policy,
    )
    now = kit.riga(*MORNING)
    waiting = []
    for i, (service, kind, w, front) in enumerate(tickets, start=1):
        booked = kind == "booked" and service == "a"
        queued = now - timedelta(seconds=w)
        waiting.append(
            Ticket(
                number=f"{service.upper()}{i:03d}",
                service=service,
                priority=kind if kind in ("senior", "expecting") else None,
                lang="lv",
                token="t",
                # An appointment may have come early (before its time) or late (within grace).
                taken_at=queued - timedelta(seconds=300 * (i % 3 - 1)) if booked else queued,
                queued_at=queued,
                front=front and fronts,
                booking=f"b{i}" if booked else None,
                booked_for=queued if booked else None,
            )
        )
    counter = config.counters["c1"]
    picked = make(policy).pick(waiting, counter, config.priorities, now)
    due = [t for t in waiting if t.booking is None or t.front or t.queued_at <= now]
    # An appointment before its time is not called, even when nobody else waits.
    assert (picked is None) == (not due)
    if picked is None:
        return
    assert picked in due
    if any(t.front for t in waiting):
        assert picked.front
    check_appointments_first(now, picked, waiting)
    if policy == "accumulating":
        k = max(1.0, 3.0) * max([1.0, *weights.values()])
        pri = config.priorities

        def weight(t: Ticket) -> float:
            return (pri[t.priority].weight if t.priority else 1.0) * counter.weight(t.service)

        check_walk_in_bound(now, picked, waiting, k, weight, HEAD_S)


# ---- a whole morning -----------------------------------------------------------------------


def head_s(plan: Plan) -> float:
    """H in seconds: none under fifo, which ranks by time alone."""
    return 0.0 if plan.policy == "fifo" else HEAD_S


def morning(kit, plan: Plan) -> Day:
    return play(kit, plan, kit.riga(*MORNING))


def bounds_s(day: Day, plan: Plan, w: Ticket) -> tuple[float, float]:
    """policy.py's whole-day bounds for walk-in W (arriving at a, weight w_W), from what came:

    - W is called before s x j, j the first whole number with c x j > the visitors still to
      be called when W came who queue (arrive, or are booked for) by a + s x j x (1 - w_W/K);
    - so before s x (1 + K x (Q + n0) / (c x w_W)): Q of them queued by a, and at most
      n0 + c x / s more in any x seconds after a."""
    centre = day.centre
    counter = sorted(centre.config.counters)[0]  # all counters are alike
    k, weight = k_weight(centre, counter), walk_in_weight(centre, counter, w)
    a, s, n = w.queued_at, plan.pace_min * 60, plan.counters
    # When each other visitor still to be called counts as queued, in seconds after a.
    queued = [
        (t.queued_at - a).total_seconds() - (head_s(plan) if t.booking is not None else 0)
        for t in centre.state.tickets.values()
        if t is not w and t.called_at is not None and t.called_at >= a
    ]
    j = 1
    while n * j <= sum(1 for x in queued if x <= s * j * (1 - weight / k)):
        j += 1
    q = sum(1 for x in queued if x <= 0)
    later = sorted(x for x in queued if x > 0)
    n0 = max([0.0, *(i + 1 - n * x / s for i, x in enumerate(later))])
    return float(s * j), s * (1 + k * (q + n0) / (n * weight))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(POLICIES))
def test_a_whole_morning_keeps_every_promise(kit, plan):
    day = morning(kit, plan)
    centre = day.centre
    for call in day.calls:
        check_appointments_first(call.at, call.picked, call.waiting)
        if plan.policy == "accumulating":
            k = k_weight(centre, call.counter)

            def weight(t: Ticket, counter: str = call.counter) -> float:
                return walk_in_weight(centre, counter, t)

            check_walk_in_bound(call.at, call.picked, call.waiting, k, weight, head_s(plan))
    tickets = list(centre.state.tickets.values())
    assert all(t.status == "done" for t in tickets)
    if plan.policy != "strict":  # strict may starve a walk-in: it promises no bound
        for w in tickets:
            if w.booking is None:
                assert w.called_at is not None
                wait = (w.called_at - w.queued_at).total_seconds()
                counted, closed = bounds_s(day, plan, w)
                assert wait < counted <= closed * (1 + 1e-9), f"{w.number} waited {wait}s"
    # Lapsed visitors were refused after grace and came in as walk-ins from their arrival.
    for code, at in day.refused:
        b = centre.state.bookings[code.lower()]
        assert at > b.start + timedelta(minutes=plan.grace_min)
        assert b.status == "missed" and b.ticket is None


# ---- lapsed bookings -----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    policy=st.sampled_from(POLICIES),
    grace=st.sampled_from([0, 5, 10, 30]),
    late_s=st.integers(1, 3 * 3600),
    before_s=st.integers(1, 3600),
    ticked=st.booleans(),
)
def test_a_lapsed_booking_never_jumps_the_queue(kit, policy, grace, late_s, before_s, ticked):
    services = [{**SERVICES[0], "booking": {"slot_min": 15, "grace_min": grace}}]
    centre = kit.centre(services=services, policy=policy, priorities={})
    ten = kit.riga(2026, 2, 10, 10)
    kit.book(centre, "a", ten, kit.riga(*MORNING), "LAPSE2")
    came = ten + timedelta(minutes=grace, seconds=late_s)
    earlier = came - timedelta(seconds=before_s)
    walk_in = kit.take(centre, earlier)
    if ticked:
        kit.run(centre, c.MarkMissed(), came)
    check = c.CheckIn(code="LAPSE2", token="t", device="kiosk1")
    e = kit.rejected(centre, check, came, err.BookingLapsed)
    assert "walk-in ticket" in e.message
    number = kit.take(centre, came)
    mine = centre.state.tickets[number]
    assert (mine.queued_at, mine.booking, mine.booked_for) == (came, None, None)
    assert kit.call(centre, "c1", came + timedelta(seconds=1)) == walk_in
    assert centre.state.bookings["lapse2"].ticket is None


@pytest.mark.parametrize("policy", POLICIES)
def test_an_appointment_due_is_called_before_walk_ins_who_came_after_its_time(kit, policy):
    """10:00 booking, checked in at 09:58; walk-ins came at 10:01 (a senior) and 10:02."""
    centre = kit.centre(
        services=SERVICES, counters={"c1": ["b", "a"]}, policy=policy, priorities={"senior": 3}
    )
    ten = kit.riga(2026, 2, 10, 10)
    kit.book(centre, "a", ten, kit.riga(*MORNING), "DUE222")
    booked = kit.check_in(centre, "DUE222", ten - timedelta(minutes=2)).ticket
    kit.take(centre, ten + timedelta(minutes=1), "b", "senior")
    kit.take(centre, ten + timedelta(minutes=2), "a")
    assert kit.call(centre, "c1", ten + timedelta(minutes=3)) == booked
