"""The forward look agrees with the policy rather than copying it: given each visit's exact
length, its order of calls (which ticket, which counter, when) is the order the real Centre
makes when the same visits run through it, under every policy, with priorities, counters
shared between services and home-service weights."""

from __future__ import annotations

import heapq
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.core import commands as c
from server.core import events as ev
from server.core.estimate_forward import desks
from server.core.estimate_stats import today
from server.core.forward_look import run

SERVICES = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0},
    {"id": "b", "prefix": "B", "stop_issuing_min": 0},
    {"id": "d", "prefix": "D", "stop_issuing_min": 0},
]
COUNTERS = {"c1": ["a", "b"], "c2": ["b", "d"], "c3": ["d", "a"]}
WEIGHTS = {"c1": {"a": 2.0}, "c2": {"d": 1.5}}
PRIORITIES = {"senior": 3.0, "disability": 4.0}

visits = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "d"]),
        st.sampled_from([None, None, "senior", "disability"]),
        st.integers(0, 300),  # seconds after the previous ticket
        st.integers(30, 900),  # the visit's exact length
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=visits,
    policy=st.sampled_from(["accumulating", "strict", "fifo"]),
    open_=st.sets(st.sampled_from(list(COUNTERS)), min_size=1),
)
def test_the_look_calls_in_the_order_the_centre_does(kit, plan, policy, open_):
    centre = kit.centre(
        services=SERVICES,
        counters=COUNTERS,
        weights=WEIGHTS,
        priorities=PRIORITIES,
        policy=policy,
    )
    start = kit.riga(2026, 2, 10, 9, 0)
    when = start
    length: dict[str, float] = {}
    for service, priority, gap, seconds in plan:
        when += timedelta(seconds=gap)
        length[kit.take(centre, when, service, priority)] = seconds
    now = when + timedelta(seconds=30)
    for cid in sorted(open_):
        kit.run(centre, c.OpenCounter(counter=cid, clerk=cid), now)
    # Open counters only: the look's stand-ins for services nobody serves are not real calls.
    look_desks = [
        d
        for d in desks(centre, now, today(centre, now).means)
        if centre.state.counters[d.id].status == "open"
    ]
    waiting = [t for w in centre.waiting.values() for t in w.values()]
    look = run(centre, now, look_desks, waiting, lambda t: length[t.number], budget=None)

    # The same visits through the real Centre: counters call when free, in the same turn.
    real: list[tuple[str, str, float]] = []
    heap = [(d.free_s, i) for i, d in enumerate(look_desks)]
    while heap:
        at_s, i = heapq.heappop(heap)
        cid = look_desks[i].id
        events = centre.execute(c.CallNext(counter=cid), now + timedelta(seconds=at_s))
        called = [e for e in events if isinstance(e, ev.TicketCalled)]
        if not called:
            continue  # nobody is coming: this counter is done
        number = called[0].ticket
        real.append((number, cid, at_s))
        end = at_s + length[number]
        centre.execute(c.Finish(counter=cid, ticket=number), now + timedelta(seconds=end))
        heapq.heappush(heap, (end, i))
    assert look.calls == real
    served = {s for cid in open_ for s in COUNTERS[cid]}
    assert {n for n, _, _ in real} == {t.number for t in waiting if t.service in served}
