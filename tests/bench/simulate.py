"""Simulated visitors per second of `rinda simulate` on each shipped scenario, with no
estimator, with the naive one, and with every estimator in `server.core.estimate.ESTIMATORS`;
then busy_regional with 30 % of its walk-ins joining the queue from home (`--remote 0.3`).
Target: >= 10,000 visitors/s on one core for busy_regional without an estimator (and without
remote joining).

Each figure is the best of `--repeat` runs (the machine's other work only slows a run down),
over `--days` days of the scenario: visitors per second of the process's own CPU time (what
one core gives it) and of the clock on the wall (lower when other work shares the cores).

  .venv/bin/python -m tests.bench.simulate [--days 20] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from server.core.estimate import ESTIMATORS, make
from server.sim.engine import simulate
from server.sim.scenario import SHIPPED, load

TARGET = 10_000


def rate(
    name: str, days: int, estimators: list[str], repeat: int, remote: float | None = None
) -> tuple[int, float, float]:
    """Visitors of one run, and the best visitors/s of CPU time and of wall time."""
    scenario = load(name, days=days, remote=remote).scenario
    cpu = wall = float("inf")
    visitors = 0
    for seed in range(1, repeat + 1):
        began, began_cpu = time.perf_counter(), time.process_time()
        run = simulate(scenario, seed, [make(n) for n in estimators])
        visitors = max(1, len(run.visits))
        cpu = min(cpu, (time.process_time() - began_cpu) / visitors)
        wall = min(wall, (time.perf_counter() - began) / visitors)
    return visitors, 1 / cpu, 1 / wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="profile busy_regional instead")
    args = ap.parse_args()
    if args.profile:
        scenario = load("busy_regional", days=args.days).scenario
        with cProfile.Profile() as prof:
            simulate(scenario, 1)
        pstats.Stats(prof).sort_stats("tottime").print_stats(20)
        return
    sets = {"none": [], "naive": ["naive"], "all": list(ESTIMATORS)}
    print(f"{'scenario':<16} {'estimators':<12} {'visitors':>9} {'per CPU s':>10} {'per s':>8}")
    for name in SHIPPED:
        for label, names in sets.items():
            visitors, cpu, wall = rate(name, args.days, names, args.repeat)
            mark = ""
            if name == "busy_regional" and label == "none":
                mark = "  met" if cpu >= TARGET else f"  MISSED (target {TARGET})"
            print(f"{name:<16} {label:<12} {visitors:>9} {cpu:>10,.0f} {wall:>8,.0f}{mark}")
    # A visitor from home whose place lapsed and who then took a ticket counts twice.
    visitors, cpu, wall = rate("busy_regional", args.days, [], args.repeat, remote=0.3)
    print(f"{'busy +30% home':<16} {'none':<12} {visitors:>9} {cpu:>10,.0f} {wall:>8,.0f}")


if __name__ == "__main__":
    main()
