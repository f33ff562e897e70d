"""An M/M/c centre for checking the simulator against queueing theory.

One logical queue: `lanes` services with the same visitors, every counter serving all of
them with weight 1. Under `fifo` and `strict` a counter then calls across the services
exactly as from one queue (by weight, then by queuing time), and splitting the stream over
several services lifts the day's limit of 9,999 ticket numbers per service. The centre is
open around the clock and never stops issuing, and a run starts right after local midnight
so that a whole run stays inside one service day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from server.config import CentreConfig, loads
from server.sim.engine import Demand, Run, Scenario

MIDNIGHT = datetime(2026, 3, 3, 0, 0, 1, tzinfo=ZoneInfo("Europe/Riga"))  # a Tuesday
PRIORITY = "priority"
TEXT = '{ lv = "x", ru = "x", en = "x" }'


def config(counters: int, lanes: int, policy: str, weight: float = 4.0) -> CentreConfig:
    week = "\n".join(
        f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )
    services = "\n".join(
        f'[[services]]\nid = "s{i}"\nprefix = "{chr(65 + i)}"\ninstitution = "i"\n'
        f"name = {TEXT}\nstop_issuing_min = 0\ndigits = 4\n"
        for i in range(lanes)
    )
    every = ", ".join(f'"s{i}"' for i in range(lanes))
    desks = "\n".join(
        f'[[counters]]\nid = "{n}"\nname = "{n}"\nservices = [{every}]\n'
        for n in range(1, counters + 1)
    )
    return loads(f"""
[centre]
name = {TEXT}
public_url = "http://rinda.test"

[hours]
{week}

[policy]
name = "{policy}"

[[institutions]]
id = "i"
name = {TEXT}

{services}
[[priorities]]
id = "{PRIORITY}"
weight = {weight}
name = {TEXT}

{desks}
""")


@dataclass(frozen=True)
class Queue:
    """M/M/c: `counters` servers at load `rho`, a `priority_share` of visitors with priority."""

    counters: int
    rho: float
    mean_service_s: float
    priority_share: float = 0.0
    lanes: int = 1

    def scenario(self, policy: str, hours: float, weight: float = 4.0) -> Scenario:
        per_hour = self.rho * self.counters * 3600 / self.mean_service_s / self.lanes
        shares = {PRIORITY: self.priority_share} if self.priority_share else {}
        demand = [Demand(f"s{i}", per_hour, self.mean_service_s, shares) for i in range(self.lanes)]
        cfg = config(self.counters, self.lanes, policy, weight)
        return Scenario(cfg, demand, [str(n) for n in range(1, self.counters + 1)], MIDNIGHT, hours)


def steady_waits(run: Run, warm_s: float, cool_s: float) -> dict[str | None, list[float]]:
    """Waits per class of the tickets taken in [warm_s, end - cool_s]: the queue starts empty
    and, once arrivals stop, the last ones are no longer overtaken."""
    out: dict[str | None, list[float]] = {}
    for v in run.visits:
        if warm_s <= v.taken_at <= run.seconds - cool_s and v.wait_s is not None:
            out.setdefault(v.priority, []).append(v.wait_s)
    return out
