"""The centres tests/bench/policies.py compares the policies on.

- `single`: one queue, 10 counters, load 0.9, 10 % of visitors with the top priority
  (tests/sim/mmc.py).
- `ogre`: the embedded centre (server/default_centre.toml) as shipped — its 8 services, 7
  counters with their home-service weights, its priorities and weights — open around the
  clock, at load about 0.85. Each service brings the load its home counters can carry.
- `busy`: the shipped scenario busy_regional (server/sim/scenarios): about 600 visitors a
  day on 12 counters and 8 services, a working week of days that start empty, 12 % of
  visitors with a priority, some appointments.

In `ogre` 10 % of visitors have a priority: 3 % disability, 3 % family, 4 % senior.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from server.config import default_text, loads
from server.sim.engine import Demand, Scenario
from server.sim.scenario import load
from tests.sim.mmc import Queue

RIGA = ZoneInfo("Europe/Riga")
PRIORITY_MIX = {"disability": 0.03, "family": 0.03, "senior": 0.04}
_HOURS = re.compile(r"^\[hours\]\n.*?^\]\n", re.MULTILINE | re.DOTALL)
_POLICY = re.compile(r'^(\[policy\]\nname = )"[a-z]+"', re.MULTILINE)
OPEN = "[hours]\n" + "".join(
    f'{d} = ["00:00-24:00"]\n' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)

# Erlangs (busy counters' worth) per service on the embedded centre, 5.95 of 7 counters.
OGRE_ERLANGS = {
    "social": 1.4,
    "tax": 0.7,
    "migration": 1.0,
    "employment": 0.9,
    "land-register": 0.5,
    "cadastre": 0.35,
    "municipal": 0.75,
    "e-services": 0.35,
}


@dataclass(frozen=True)
class Bench:
    """A centre to compare policies on: a scenario per policy and the window of arrivals
    whose waits count (seconds from the start; the rest is warm-up and drain)."""

    name: str
    scenario: Callable[[str], Scenario]
    window: tuple[float, float]


def open_text(text: str, policy: str) -> str:
    text, hours = _HOURS.subn(OPEN, text, count=1)
    text, named = _POLICY.subn(rf'\1"{policy}"', text, count=1)
    assert hours == named == 1, "the embedded centre's [hours] or [policy] moved"
    return text


def single(policy: str, weight: float, hours: float = 16.0) -> Scenario:
    return Queue(10, 0.9, 360.0, 0.1, lanes=2).scenario(policy, hours, weight)


def ogre(policy: str, text: str | None = None, hours: float = 16.0) -> Scenario:
    cfg = loads(open_text(text or default_text(), policy))
    demand = []
    for sid, erlangs in OGRE_ERLANGS.items():
        mean_s = cfg.services[sid].default_service_min * 60
        demand.append(Demand(sid, erlangs * 3600 / mean_s, mean_s, PRIORITY_MIX))
    start = datetime(2026, 3, 3, 0, 0, 1, tzinfo=RIGA)
    return Scenario(cfg, demand, list(cfg.counters), start, hours)


def busy(policy: str) -> Scenario:
    return load("busy_regional", policy=policy).scenario
