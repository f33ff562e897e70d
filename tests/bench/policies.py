"""Benchmark: fifo, strict and accumulating compared on the same arrivals.

For each centre of tests/bench/policy_centres.py (one queue; the embedded Ogre centre with
its skills and weights; a busy regional centre) and each policy, many simulated days of the
real core (server/sim/engine.py), seeds shared between the policies. Prints, per centre, a
markdown table — priority visitors' mean wait, walk-ins' mean / p99 / max wait, each also
as a ratio to FIFO's — and then one JSON line with every figure.

The goal for the default policy (accumulating): priority visitors' mean wait at most 25 %
of FIFO's while the walk-ins' p99 stays within 1.10 x FIFO's.

    .venv/bin/python -m tests.bench.policies [--visitors 200000] [--only single,ogre,busy]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from server.config import default_text, loads
from server.sim.engine import Scenario, simulate
from tests.bench import policy_centres as pc

POLICIES = ("fifo", "strict", "accumulating")


def benches(text: str | None = None) -> list[pc.Bench]:
    weight = max(p.weight for p in loads(text or default_text()).priorities.values())
    return [
        pc.Bench("single", lambda p: pc.single(p, weight), (3600.0, 15 * 3600.0)),
        pc.Bench("ogre", lambda p: pc.ogre(p, text), (3600.0, 15 * 3600.0)),
        pc.Bench("busy", pc.busy, (0.0, float("inf"))),
    ]


def quantile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def measure(
    make: Callable[[str], Scenario], window: tuple[float, float], policy: str, visitors: int
) -> dict[str, float]:
    """Waits in minutes of the visitors who arrived in the window, over seeds 1, 2, …
    until `visitors` have been counted."""
    prio: list[float] = []
    walk: list[float] = []
    seed = 0
    while len(prio) + len(walk) < visitors:
        seed += 1
        for v in simulate(make(policy), seed).visits:
            # Appointments wait for their time, not in the walk-ins' queue: left out.
            if v.appointment or v.wait_s is None:
                continue
            if window[0] <= v.taken_at <= window[1]:
                (prio if v.priority else walk).append(v.wait_s / 60)
    return {
        "priority_mean": statistics.fmean(prio),
        "walk_in_mean": statistics.fmean(walk),
        "walk_in_p99": quantile(walk, 0.99),
        "walk_in_max": max(walk),
        "visitors": len(prio) + len(walk),
        "days": seed,
    }


def compare(bench: pc.Bench, visitors: int) -> dict[str, dict[str, float]]:
    rows = {p: measure(bench.scenario, bench.window, p, visitors) for p in POLICIES}
    for row in rows.values():
        for key in ("priority_mean", "walk_in_mean", "walk_in_p99", "walk_in_max"):
            row[key + "_vs_fifo"] = row[key] / rows["fifo"][key]
    return rows


def table(name: str, rows: dict[str, dict[str, float]]) -> str:
    lines = [
        f"**{name}** ({rows['fifo']['visitors']:,.0f} visitors per policy)",
        "",
        "| policy | priority mean | walk-in mean | walk-in p99 | walk-in max |",
        "|---|---|---|---|---|",
    ]
    for p, r in rows.items():
        cells = [
            f"{r[k]:.1f} min ({r[k + '_vs_fifo']:.2f}×)"
            for k in ("priority_mean", "walk_in_mean", "walk_in_p99", "walk_in_max")
        ]
        lines.append(f"| {p} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visitors", type=int, default=200_000, help="per centre and policy")
    ap.add_argument("--only", default="single,ogre,busy", help="comma-separated centres")
    args = ap.parse_args()
    wanted = args.only.split(",")
    out: dict[str, object] = {}
    for bench in benches():
        if bench.name not in wanted:
            continue
        t0 = time.perf_counter()
        rows = compare(bench, args.visitors)
        print(table(bench.name, rows))
        print(f"({time.perf_counter() - t0:.0f} s)\n")
        out[bench.name] = rows
    print(json.dumps(out))


if __name__ == "__main__":
    main()
