"""Simulated visitors who answer "How was your visit?" on their phone page, so a simulated
centre's facts file has ratings to compare (docs/simulate.md, `rated`).

A share of the visitors whose visit was served rate it as it ends. What they say follows their
wait against the service's target, the one thing the queue decides: within half the target
mostly 5, within it 4, up to one and a half times it 3, up to two and a half times 2, beyond
that 1; one in four moves a step either way (people differ). An unhappy visitor (1-2) who
waited beyond the target gives the reason "waited_too_long" when the centre asks about it;
otherwise an unhappy one picks any of the centre's reasons. The rating goes through the core
(`RateVisit`, by "phone") like a real one. Each service has its own random stream, so adding
ratings changes nobody's visit.
"""

from __future__ import annotations

import random
from datetime import datetime

from server.core import commands as c
from server.core.centre import Centre
from server.sim.data import Visit

# Wait / target -> score: the first bound the ratio stays within.
BOUNDS = ((0.5, 5), (1.0, 4), (1.5, 3), (2.5, 2))
SPREAD = 0.25  # the share who answer a step higher or lower
WAITED = "waited_too_long"


def score_of(ratio: float, rng: random.Random) -> int:
    """A visitor's score after waiting `ratio` times the target."""
    score = next((s for bound, s in BOUNDS if ratio <= bound), 1)
    if rng.random() < SPREAD:
        score += rng.choice((-1, 1))
    return min(5, max(1, score))


def reason_of(score: int, ratio: float, reasons: list[str], rng: random.Random) -> str | None:
    if score > 2 or not reasons:
        return None
    if ratio > 1.0 and WAITED in reasons:
        return WAITED
    return rng.choice(reasons)


class Raters:
    """The visitors who rate, of a centre `centre`, `share` of those served."""

    def __init__(self, centre: Centre, share: float, seed: int) -> None:
        self.centre = centre
        self.share = share
        config = centre.config
        self.targets = {s.id: s.target_wait_min * 60.0 for s in config.services.values()}
        self.reasons = list(config.feedback.reasons)
        self.streams = {sid: random.Random(f"{seed}:ratings:{sid}") for sid in config.services}

    def served(self, v: Visit, now: datetime) -> None:
        """`v` was served and its visit ended `now`: perhaps its visitor rates it."""
        rng = self.streams[v.service]
        wait = v.due_wait_s
        if wait is None or rng.random() >= self.share:
            return
        ratio = wait / self.targets[v.service]
        score = score_of(ratio, rng)
        cmd = c.RateVisit(
            ticket=v.number,
            counter=None,
            score=score,
            reason=reason_of(score, ratio, self.reasons, rng),
            by="phone",
        )
        # Just ended, first rated: within every rule, so a refusal would be a bug to see.
        self.centre.execute(cmd, now)
