"""Benchmark: the simulator against queueing theory, long runs, and the scatter of the test's.

`long` (default): M/M/c with 10 counters at load 0.85 and 0.9, a million visitors each
under `fifo` (against Erlang C) and under two-class `strict` (10 % priority, against
Cobham), in days of about 100,000 visitors; prints measured vs theory and how much the days
scatter around their mean.

`scatter`: runs the exact configuration of tests/sim/test_theory.py on many seeds and prints
the standard deviation of its relative error, so the test's margin can be checked:

    .venv/bin/python -m tests.bench.sim_theory [long|scatter] [--visitors N] [--seeds K]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

from server.sim.engine import simulate
from server.sim.theory import cobham_waits, mmc_wait
from tests.sim.mmc import PRIORITY, Queue, steady_waits
from tests.sim.test_theory import COBHAM, FIFO, Check


def theory(q: Queue) -> dict[str | None, float]:
    lam, mu = q.rho * q.counters / q.mean_service_s, 1 / q.mean_service_s
    if not q.priority_share:
        return {None: mmc_wait(q.counters, lam, mu)}
    high, low = cobham_waits(q.counters, mu, [lam * q.priority_share, lam * (1 - q.priority_share)])
    return {PRIORITY: high, None: low}


def errors(check: Check, seeds: range) -> dict[str | None, list[float]]:
    """Per class, each seed's mean wait as a relative error against theory."""
    expected = theory(check.queue)
    out: dict[str | None, list[float]] = {k: [] for k in expected}
    for seed in seeds:
        run = simulate(check.queue.scenario(check.policy, check.hours), seed)
        waits = steady_waits(run, check.warm_s, check.cool_s)
        for k, w in expected.items():
            out[k].append(statistics.fmean(waits[k]) / w - 1)
    return out


def report(label: str, errs: dict[str | None, list[float]], per_run: float) -> None:
    for k, e in errs.items():
        sd = statistics.stdev(e)
        print(
            f"{label} {k or 'walk-in'}: mean error {statistics.fmean(e):+.2%} over {len(e)} runs;"
            f" one run of {per_run:,.0f} scatters by {sd:.2%};"
            f" the mean of all by {sd / math.sqrt(len(e)):.2%}"
        )


def long(visitors: int) -> None:
    per_day = 100_000
    for rho in (0.85, 0.9):
        for policy, share in (("fifo", 0.0), ("strict", 0.1)):
            # 1-second visits: a day of 100,000 visitors fits in one service day.
            q = Queue(10, rho, 1.0, share, lanes=11)
            check = Check(q, policy, per_day / (rho * 10) / 3600, warm_s=600, cool_s=600)
            t0 = time.perf_counter()
            errs = errors(check, range(1, visitors // per_day + 1))
            expected = theory(q)
            for k, e in errs.items():
                measured = expected[k] * (1 + statistics.fmean(e))
                who = k or "walk-in"
                print(f"ρ {rho} {policy} {who}: {measured:.3f} s, theory {expected[k]:.3f} s")
            report(f"ρ {rho} {policy}", errs, per_day)
            print(f"({time.perf_counter() - t0:.0f} s)")


def scatter(seeds: int) -> None:
    for check in (FIFO, COBHAM):
        q = check.queue
        per_run = q.rho * q.counters / q.mean_service_s * check.hours * 3600
        report(f"test {check.policy}", errors(check, range(1000, 1000 + seeds)), per_run)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", nargs="?", default="long", choices=("long", "scatter"))
    ap.add_argument("--visitors", type=int, default=1_000_000, help="long: per load and policy")
    ap.add_argument("--seeds", type=int, default=40, help="scatter: runs of the test's size")
    args = ap.parse_args()
    if args.mode == "long":
        long(args.visitors)
    else:
        scatter(args.seeds)


if __name__ == "__main__":
    main()
