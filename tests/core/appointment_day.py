"""A whole morning of a small centre with bookings, played through the core for
test_appointment_policy.py: the plan (who comes when), the playing of it (counters serving
at a fixed pace), and what the policy promises at each call and for each walk-in's wait.

Every counter serves every service and works like a clock: when it is free and anybody it
serves is waiting it calls the next visitor, and it finishes `pace_min` later. Visitors come
at whole seconds; at each instant arrivals come first, then finished visitors leave, then
the server's MarkMissed tick, then every free counter calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import msgspec
from hypothesis import strategies as st

from server import config as cfg
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.booking import day_slots, places
from server.core.centre import Centre
from server.core.model import Ticket
from server.core.policy import top_weight

START_H = 9  # bookings and walk-ins from 09:00
SPAN_MIN = 180  # to 12:00


@dataclass(frozen=True)
class Plan:
    policy: str
    counters: int
    pace_min: int
    slot_min: int
    share: float
    grace_min: int
    senior: float
    weight_b: float  # the counters' weight for walk-in service b
    # (booked slot index, check-in offset in seconds from the booked time, or None: no-show)
    bookings: tuple[tuple[int, int | None], ...]
    # (seconds after 09:00, service, senior?)
    walk_ins: tuple[tuple[int, str, bool], ...]

    def config(self, kit) -> cfg.CentreConfig:
        booking = {
            "slot_min": self.slot_min,
            "places": 50,
            "share": self.share,
            "grace_min": self.grace_min,
            "hours": {day: [f"{START_H:02d}:00-12:00"] for day in cfg.WEEKDAYS},
        }
        services = [
            {"id": "a", "prefix": "A", "stop_issuing_min": 0, "booking": booking},
            {"id": "b", "prefix": "B", "stop_issuing_min": 0, "digits": 4},
        ]
        services[0]["default_service_min"] = float(self.pace_min)
        names = [f"c{i + 1}" for i in range(self.counters)]
        return kit.config(
            services=services,
            priorities={"senior": self.senior},
            counters={n: ["a", "b"] for n in names},
            weights={n: {"b": self.weight_b} for n in names},
            policy=self.policy,
        )


@st.composite
def plans(draw: st.DrawFn, policies: tuple[str, ...]) -> Plan:
    slot_min = draw(st.sampled_from([10, 15, 20, 30]))
    slots = SPAN_MIN // slot_min
    counters = draw(st.integers(1, 3))
    pace_min = draw(st.sampled_from([5, 8, 10, 15]))
    # Every visit must end before local midnight: past it the day rolls and the tickets still
    # at a counter expire, which is another test's business. 14 hours of work from 09:00.
    visits = 14 * 60 * counters // pace_min
    # Walk-ins spread over the morning or crowding into a part of it: a busy queue.
    window = draw(st.sampled_from([30, 90, SPAN_MIN])) * 60
    walk_ins = draw(
        st.lists(
            st.tuples(
                st.integers(0, window),
                st.sampled_from(["a", "a", "b"]),
                st.sampled_from([False, False, False, True]),
            ),
            min_size=10,
            max_size=min(60, visits - 5),
        )
    )
    # Check-in: early, on time, within grace, lapsed (after grace), or never.
    offsets = st.one_of(
        st.integers(-3600, -1), st.integers(0, 600), st.integers(601, 3600), st.none()
    )
    return Plan(
        policy=draw(st.sampled_from(policies)),
        counters=counters,
        pace_min=pace_min,
        slot_min=slot_min,
        share=draw(st.sampled_from([0.25, 0.5, 0.75, 1.0])),
        grace_min=draw(st.sampled_from([0, 5, 10])),
        senior=draw(st.sampled_from([1.5, 2.0, 3.0])),
        weight_b=draw(st.sampled_from([0.5, 1.0, 2.0])),
        bookings=tuple(
            draw(
                st.lists(
                    st.tuples(st.integers(0, slots - 1), offsets),
                    min_size=5,
                    max_size=min(40, visits - len(walk_ins)),
                )
            )
        ),
        walk_ins=tuple(sorted(walk_ins)),
    )


@dataclass
class Call:
    at: datetime
    counter: str
    picked: Ticket
    # The waiting tickets the counter chose among (copies, as they were).
    waiting: list[Ticket]


@dataclass
class Day:
    centre: Centre
    calls: list[Call] = field(default_factory=list)
    refused: list[tuple[str, datetime]] = field(default_factory=list)  # lapsed check-ins


def play(kit, plan: Plan, day: datetime) -> Day:
    """Book what fits, then play the morning from `day` 08:00 until everyone is served."""
    config = plan.config(kit)
    centre = Centre(config)
    out = Day(centre)
    nine = day + timedelta(hours=1)
    kit.run(centre, c.RollDay(), day)
    slots = day_slots(config, config.services["a"], nine.astimezone(config.tz).date())
    full = places(config, config.services["a"])
    arrivals: list[tuple[datetime, int, object]] = []
    booked: dict[int, int] = {}
    for i, (slot, offset) in enumerate(plan.bookings):
        if booked.get(slot, 0) >= full:
            continue  # within the cap: the desk would have refused it
        booked[slot] = booked.get(slot, 0) + 1
        code = f"{i:06d}".translate(str.maketrans("01", "AB"))
        kit.book(centre, "a", slots[slot], day, code)
        if offset is not None:
            arrivals.append((slots[slot] + timedelta(seconds=offset), 0, code))
    for n, (second, service, senior) in enumerate(plan.walk_ins):
        arrivals.append((nine + timedelta(seconds=second), 1, (n, service, senior)))
    arrivals.sort(key=lambda a: (a[0], a[1], str(a[2])))
    names = sorted(config.counters)
    for name in names:
        kit.run(centre, c.OpenCounter(counter=name, clerk=name), day)
    busy: dict[str, tuple[datetime, str]] = {}  # counter -> (finishes at, ticket)
    pace = timedelta(minutes=plan.pace_min)
    i = 0
    now = day
    while i < len(arrivals) or busy or any(centre.waiting.values()):
        next_arrival = [arrivals[i][0]] if i < len(arrivals) else []
        # An appointment checked in early is called from its time on: that is a moment too.
        due = [
            t.queued_at
            for line in centre.waiting.values()
            for t in line.values()
            if t.booking is not None and t.queued_at > now
        ]
        now = min([*(f for f, _ in busy.values()), *next_arrival, *due])
        while i < len(arrivals) and arrivals[i][0] == now:
            _arrive(kit, centre, out, now, arrivals[i][2])
            i += 1
        for name, (until, number) in sorted(busy.items()):
            if until == now:
                kit.run(centre, c.Finish(counter=name, ticket=number), now)
                del busy[name]
        kit.run(centre, c.MarkMissed(), now)
        for name in names:
            if name not in busy:
                number = _call(kit, centre, out, name, now)
                if number is not None:
                    busy[name] = (now + pace, number)
    return out


def _call(kit, centre: Centre, out: Day, counter: str, now: datetime) -> str | None:
    """CallNext at a free counter, noting what it chose among."""
    waiting = [
        msgspec.structs.replace(t) for t in centre.state.tickets.values() if t.status == "waiting"
    ]
    events = kit.run(centre, c.CallNext(counter=counter), now)
    if not events:
        served = centre.config.counters[counter].services
        # Nobody this counter serves waits, but appointments before their time.
        assert not any(
            t.service in served and (t.booking is None or t.front or t.queued_at <= now)
            for t in waiting
        )
        return None
    (called,) = events
    assert isinstance(called, ev.TicketCalled)
    picked = next(t for t in waiting if t.number == called.ticket)
    out.calls.append(Call(now, counter, picked, waiting))
    return called.ticket


def _arrive(kit, centre: Centre, out: Day, now: datetime, who: object) -> None:
    if isinstance(who, str):  # a booking's code
        before = msgspec.json.encode(centre.state)
        try:
            kit.check_in(centre, who, now)
        except err.BookingLapsed:
            # Refused, and nothing changed: the visitor takes a walk-in ticket instead.
            assert msgspec.json.encode(centre.state) == before
            out.refused.append((who, now))
            number = kit.take(centre, now, "a")
            assert centre.state.tickets[number].queued_at == now
        return
    _, service, senior = who
    kit.take(centre, now, service, "senior" if senior else None)


def k_weight(centre: Centre, counter: str) -> float:
    """K: an appointment's weight at `counter`, the largest any ticket has there."""
    k = centre.config.counters[counter]
    return max(1.0, top_weight(centre.config.priorities)) * max([1.0, *k.weights.values()])


def walk_in_weight(centre: Centre, counter: str, t: Ticket) -> float:
    """w_W: the priority weight x the counter's weight for the service, or the counter's
    largest weight for a visitor with a priority (server/core/policy.py)."""
    p = centre.config.priorities.get(t.priority) if t.priority else None
    k = centre.config.counters[counter]
    if p is None:
        return k.weight(t.service)
    return p.weight * max([1.0, *k.weights.values()])
