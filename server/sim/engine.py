"""A discrete-event simulation of a centre that runs the real core on a virtual clock.

The same `Centre` the server runs takes every ticket, check-in, call, no-show and finish, so
the policy and the estimators measured here are the ones visitors meet; nothing of the rules
is copied. Visitors arrive as Poisson streams per service (server/sim/models.py); a free
counter calls at once; a visit takes a sampled service time. At each ticket every estimator
under test is asked what it would tell the visitor, and the wait that followed is recorded
beside it.

Two ways to run: `days = 0` is one stretch of `hours` from `start` with every counter open
throughout (what the queueing-theory checks use: the centre's hours must allow it); `days =
N` runs N local days from the start's date, rolling the day at each midnight as the server
does, with visitors only in the centre's opening hours and counters on their shifts.

A `days = 0` run that passes local midnight rolls the day there too (the core takes no
command in a day not started), and the roll empties the queue; and a service's numbers run
out after `10 ** digits - 1` tickets a day (the rest are refused): keep such a run within a
day and give its services enough digits, or run several seeds.

Asked to (`keep_events`), the run keeps every event the centre applied, for the same facts
file a server's log gives (`rinda simulate --facts`, server/network/sim_facts.py); otherwise
nothing of the kind is kept.

Visitors may also join the queue from home (the scenario's `[remote]`, server/sim/joining.py):
they join through the core's `JoinQueue`, check in with `CheckIn` after a delay or never, and
the server's tick (`LapseRemote`) lapses the places of those passed over who did not come.

With one seed every policy meets the same visitors: each service has its own random streams
for arrivals, for what each visitor brings (priority, visit length, no-show), for bookings
and for joining from home.
"""

from __future__ import annotations

from collections.abc import Sequence

from server.core.estimate import Estimator
from server.sim.data import Demand as Demand
from server.sim.data import Run as Run
from server.sim.data import Scenario as Scenario
from server.sim.data import Shift as Shift
from server.sim.data import Visit as Visit
from server.sim.loop import Loop


def simulate(
    scenario: Scenario,
    seed: int = 0,
    estimators: Sequence[Estimator] = (),
    *,
    keep_events: bool = False,
) -> Run:
    return Loop(scenario, seed, estimators, keep_events=keep_events).run()
