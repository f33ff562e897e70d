"""How long each estimator takes to compute `Waits` on a busy centre (it runs on every queue
change): the embedded centre's 8 services and priority categories, with 12 counters open
and busy, a day of finished visits behind them, and 50 / 300 / 1000 tickets waiting.

    python -m tests.bench.estimate

Times are CPU time of this thread (`time.thread_time`), so other work on a shared machine
inflates them less than wall-clock time would; run it on a quiet machine all the same.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from server.config import default_text, loads
from server.core import commands as c
from server.core.centre import Centre
from server.core.estimate import ESTIMATORS

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # a Monday, 09:00 in Riga
EXTRA_COUNTERS = """
[[counters]]
id = "{i}"
name = "{i}"
services = {services}
"""
MORE = [
    '["social", "tax", "municipal"]',
    '["migration", "employment", "e-services"]',
    '["land-register", "cadastre", "social"]',
    '["tax", "municipal", "migration"]',
    '["employment", "e-services", "cadastre"]',
]


def busy_centre(waiting: int, done: int = 400, seed: int = 0) -> tuple[Centre, datetime]:
    extra = (EXTRA_COUNTERS.format(i=8 + i, services=s) for i, s in enumerate(MORE))
    text = default_text() + "".join(extra)
    # Open all Monday, whatever the hour the bench reaches.
    config = loads(text.replace("mon = [", 'mon = ["00:00-24:00"]\n# was [', 1))
    centre = Centre(config)
    rng = random.Random(seed)
    now = START
    centre.execute(c.RollDay(), now)
    services = list(config.services)
    priorities = [None] * 9 + list(config.priorities)
    for cid in config.counters:
        centre.execute(c.OpenCounter(counter=cid, clerk=f"clerk{cid}"), now)
    counters = list(config.counters)

    def take() -> None:
        cmd = c.TakeTicket(
            service=rng.choice(services), priority=rng.choice(priorities), token="t", device="k"
        )
        centre.execute(cmd, now)

    for _ in range(done + waiting + len(counters)):
        now += timedelta(seconds=20)
        take()
    # Serve `done` visits, then leave every counter with a visit in progress.
    for i in range(done + len(counters)):
        cid = counters[i % len(counters)]
        cs = centre.state.counters[cid]
        now += timedelta(seconds=30)
        if cs.ticket is not None:
            centre.execute(c.Finish(counter=cid, ticket=cs.ticket), now)
        centre.execute(c.CallNext(counter=cid), now)
    return centre, now + timedelta(seconds=60)


def main() -> None:
    print("| estimator | waiting | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for waiting in (50, 300, 1000):
        centre, now = busy_centre(waiting)
        assert sum(len(w) for w in centre.waiting.values()) >= waiting
        for name, kind in ESTIMATORS.items():
            est = kind()
            times = []
            for _ in range(200 if waiting < 1000 else 50):
                t0 = time.thread_time()
                est.waits(centre, now)
                times.append(time.thread_time() - t0)
            times.sort()
            p50 = statistics.median(times) * 1e3
            p99 = times[int(0.99 * (len(times) - 1))] * 1e3
            print(f"| {name} | {waiting} | {p50:.2f} | {p99:.2f} |")


if __name__ == "__main__":
    main()
