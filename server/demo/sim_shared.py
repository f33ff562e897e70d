"""What every simulated visitor and clerk shares: the record, the requests, the clock, the
dice, the pace, and which counters the simulation staffs."""

from __future__ import annotations

import random
from dataclasses import dataclass

from server.demo.pace import Pace
from server.demo.sim_clock import SimClock
from server.demo.sim_records import Records
from server.demo.sim_requests import Requests


@dataclass(frozen=True)
class Shared:
    records: Records
    requests: Requests
    clock: SimClock
    rng: random.Random
    pace: Pace
    staffed: frozenset[str]
    """The counters simulated clerks staff."""
