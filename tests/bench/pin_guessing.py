"""PIN guessing from one counter against the real sign-in lockout (server/net/lockout.py) on a
virtual clock: a guesser who never stops tries wrong PINs for k clerk ids as fast as the
lockout lets them. Prints the wrong PINs per day it gets, and the expected time to guess a PIN
under the PIN policy of `rinda clerk add` (6 digits, trivial ones refused: 998,900 left),
with the lockout kept all along or cleared by a server restart every night.

Expected guesses, PINs chosen at random: one clerk's PIN, N/2; the first of k clerks' PINs
(guesses split evenly), N/(k+1) per clerk.

  .venv/bin/python -m tests.bench.pin_guessing [--days 60]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta

from server.config import CounterRules
from server.net.lockout import PinLockout

N = 10**6 - 1_100  # 10 one-digit, 10 runs, 90 + 990 more short groups repeated
T0 = datetime(2026, 1, 5, tzinfo=UTC)


def _lockout() -> PinLockout:
    rules = CounterRules()
    return PinLockout(rules.pin_attempts, timedelta(minutes=rules.pin_lockout_min))


def guesses_per_day(targets: int, days: int, restart_nightly: bool) -> float:
    """Wrong PINs per day for each of `targets` clerk ids, over the last half of the run
    (past the first, shorter lockouts)."""
    lo, now, end = _lockout(), T0, T0 + timedelta(days=days)
    half = T0 + timedelta(days=days / 2)
    clerks = [f"clerk{i}" for i in range(targets)]
    counted, turn, night = 0, 0, T0 + timedelta(days=1)
    while now < end:
        if restart_nightly and now >= night:
            lo, night = _lockout(), night + timedelta(days=1)
        waits = []
        for i in range(targets):
            clerk = clerks[(turn + i) % targets]
            refused = lo.refusal("1", clerk, now)
            if refused is None:
                lo.attempt("1", clerk, now)
                counted += now >= half
                turn += 1
                break
            waits.append(refused.seconds)
        else:
            step = timedelta(seconds=min(waits))
            if restart_nightly:
                step = min(step, night - now)
            now += step
    return counted / (days / 2) / targets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", type=int, default=60)
    days = ap.parse_args().days
    out: dict[str, object] = {"pins": N}
    for restart in (False, True):
        key = "nightly_restart" if restart else "kept"
        rows = []
        for k in range(1, 9):
            per = guesses_per_day(k, days, restart)
            years_one = N / 2 / per / 365.25
            years_any = N / (k + 1) / per / 365.25
            rows.append({"targets": k, "per_clerk_day": round(per, 1), "years": years_any})
            print(
                f"{key:>15}: {k} clerk id(s): {per:5.1f} wrong PINs/day each, {k * per:5.1f} "
                f"in all; first PIN found after ~{years_any:5.1f} years"
                + (f" (one given clerk: {years_one:.1f} years)" if k == 1 else "")
            )
        best = min(rows, key=lambda r: float(str(r["years"])))
        out[key] = {
            "one_clerk_years": round(N / 2 / float(str(rows[0]["per_clerk_day"])) / 365.25, 1),
            "any_clerk_years": round(float(str(best["years"])), 1),
            "best_targets": best["targets"],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
