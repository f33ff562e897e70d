"""The estimators compared on simulated days: the markdown table for the README.

    python -m tests.bench.estimators [--seeds N] [--hours H]

Scenarios: an M/M/c single queue (10 counters, 6 min exponential service, 10 % priority with
weight 4 under the accumulating policy) at loads 0.85 and 0.95, and a skills-routed busy
centre built on the embedded Ogre configuration (8 services, 7 counters with home-service
weights, three priority categories) at about 0.85. Each scenario is a function returning a
`Scenario` (`SCENARIOS`).

Then the scenarios shipped with `rinda simulate` (server/sim/scenarios/): lognormal visits,
day profiles, shifts, no-shows and appointments. The first three: every seed is one
stretch of `--hours` within a day; the shipped ones run their own days. The rows pool the
visits of all seeds. Estimates are those told at issue; the floor is in
server/sim/accuracy.py.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

from server.config import default_text, loads
from server.core.estimate import ESTIMATORS
from server.sim.accuracy import errors, table
from server.sim.engine import Demand, Scenario, Visit, simulate
from server.sim.scenario import load

# A Monday that is no holiday; the day runs from just after midnight in Riga.
START = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
ALL_DAY = "\n".join(f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri"))


def mmc_toml(counters: int, policy: str = "accumulating", weight: float = 4.0) -> str:
    week = ALL_DAY + '\nsat = ["00:00-24:00"]\nsun = ["00:00-24:00"]'
    out = [
        '[centre]\nname = { lv = "M", ru = "M", en = "M" }\ntimezone = "Europe/Riga"',
        f'[policy]\nname = "{policy}"',
        f"[hours]\n{week}",
        '[[services]]\nid = "a"\nprefix = "A"\ninstitution = "x"\ndigits = 4\n'
        'stop_issuing_min = 0\ndefault_service_min = 6\nname = { lv = "a", ru = "a", en = "a" }',
        f'[[priorities]]\nid = "p"\nweight = {weight}\nname = {{ lv = "p", ru = "p", en = "p" }}',
    ]
    for i in range(counters):
        out.append(f'[[counters]]\nid = "{i + 1}"\nname = "{i + 1}"\nservices = ["a"]')
    return "\n".join(out) + "\n"


def mmc(rho: float, hours: float, counters: int = 10) -> Scenario:
    per_hour = rho * counters * 60 / 6
    return Scenario(
        config=loads(mmc_toml(counters)),
        demand=[Demand("a", per_hour, 360.0, {"p": 0.1})],
        counters=[str(i + 1) for i in range(counters)],
        start=START,
        hours=hours,
    )


# Visitors per hour of each service of the embedded centre: about 0.85 of its 7 counters.
OGRE_DEMAND = {
    "social": 6,
    "tax": 3,
    "migration": 5,
    "employment": 3,
    "land-register": 2,
    "cadastre": 2,
    "municipal": 6,
    "e-services": 3,
}
OGRE_PRIORITY = {"disability": 0.03, "family": 0.03, "senior": 0.04}


def ogre(hours: float) -> Scenario:
    text = re.sub(r"^(mon|tue|wed|thu|fri) = \[.*$", "", default_text(), flags=re.M)
    text = text.replace("\n[hours]\n", f"\n[hours]\n{ALL_DAY}\n", 1)
    config = loads(text)
    demand = [
        Demand(sid, per_hour, config.services[sid].default_service_min * 60, OGRE_PRIORITY)
        for sid, per_hour in OGRE_DEMAND.items()
    ]
    return Scenario(config, demand, list(config.counters), START, hours)


def shipped(name: str) -> Callable[[float], Scenario]:
    """A scenario shipped with `rinda simulate` (its own days; `--hours` does not apply)."""
    return lambda _hours: load(name).scenario


SCENARIOS: dict[str, Callable[[float], Scenario]] = {
    "M/M/10, 10 % priority (weight 4), load 0.85": lambda h: mmc(0.85, h),
    "M/M/10, 10 % priority (weight 4), load 0.95": lambda h: mmc(0.95, h),
    "Ogre centre (8 services, 7 counters, skills), load about 0.85": ogre,
    "shipped small_office (5 days)": shipped("small_office"),
    "shipped busy_regional (5 days, 12 counters, 8 services, appointments)": shipped(
        "busy_regional"
    ),
    "shipped monday_overload": shipped("monday_overload"),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--hours", type=float, default=20.0)
    ap.add_argument("--only", default="", help="run the scenarios whose name contains this")
    args = ap.parse_args()
    names = list(ESTIMATORS)
    for title, make in SCENARIOS.items():
        if args.only not in title:
            continue
        visits: list[Visit] = []
        began = time.perf_counter()
        for seed in range(args.seeds):
            estimators = [ESTIMATORS[n]() for n in names]
            visits += simulate(make(args.hours), seed, estimators).visits
        took = time.perf_counter() - began
        print(f"\n### {title}\n")
        print(f"{args.seeds} seeds, {len(visits)} visitors, {took:.0f} s\n")
        print(table(errors(visits, names)))


if __name__ == "__main__":
    main()
