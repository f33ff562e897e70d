"""How visitors come and how long they take: the one source of both for `rinda simulate`
(server/sim/engine.py) and `rinda demo --simulate` (server/demo/).

- Arrivals are a Poisson stream: the gap to the next visitor is exponential. Its rate may
  follow a day profile, a multiplier per local hour (1.0 for an hour not given); the stream
  is drawn piecewise per hour, which is exact for a rate constant within each hour (the
  exponential forgets: at an hour's end the draw starts afresh at the new rate).
- A visit's length is exponential (cv 1), lognormal with a given mean and coefficient of
  variation (cv = standard deviation / mean), or fixed (cv 0, either kind).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

HOUR_S = 3600.0

Shape = Literal["exponential", "lognormal"]
Sampler = Callable[[], float]
# Instant (s) -> (the local hour then, the instant that hour ends).
HourOf = Callable[[float], tuple[int, float]]


@dataclass(frozen=True)
class ServiceTime:
    """How long one visit at the counter takes, in seconds."""

    mean_s: float
    shape: Shape = "exponential"
    # Lognormal only (exponential is cv 1 by nature); 0 makes every visit `mean_s` long.
    cv: float = 1.0

    def __post_init__(self) -> None:
        if not (self.mean_s > 0 and math.isfinite(self.mean_s)):
            raise ValueError("mean_s must be a positive number of seconds")
        if not (0 <= self.cv <= 10):
            raise ValueError("cv must be between 0 and 10")

    @property
    def fixed(self) -> bool:
        return self.cv == 0

    def sampler(self, rng: random.Random) -> Sampler:
        """A draw function bound to `rng` (what the simulator's loop calls per visit)."""
        mean = self.mean_s
        if self.fixed:
            return lambda: mean
        if self.shape == "exponential":
            rate = 1 / mean
            expo = rng.expovariate
            return lambda: expo(rate)
        sigma = math.sqrt(math.log1p(self.cv * self.cv))
        mu = math.log(mean) - sigma * sigma / 2
        logn = rng.lognormvariate
        return lambda: logn(mu, sigma)

    def draw(self, rng: random.Random) -> float:
        return self.sampler(rng)()


@dataclass(frozen=True)
class Arrivals:
    """Visitors per hour, scaled per local hour by `profile` (hour 0-23 -> multiplier)."""

    per_hour: float
    profile: Mapping[int, float] = field(default_factory=dict)

    def rate(self, hour: int) -> float:
        return self.per_hour * self.profile.get(hour, 1.0)

    def gap(self, rng: random.Random) -> float:
        """Seconds to the next visitor at the flat rate (the demo's kiosk)."""
        return rng.expovariate(self.per_hour / HOUR_S)

    def times(
        self, rng: random.Random, start_s: float, end_s: float, hour_of: HourOf
    ) -> Iterator[float]:
        """Arrival instants in [start_s, end_s); `hour_of(t)` is (the local hour at t, the
        instant that hour ends), so the stream follows wall-clock hours across time zones."""
        t = start_s
        expo = rng.expovariate
        while t < end_s:
            hour, hour_end = hour_of(t)
            limit = min(hour_end, end_s)
            rate = self.rate(hour) / HOUR_S
            if rate > 0:
                while (t := t + expo(rate)) < limit:
                    yield t
            t = limit


def flat_hours(t: float) -> tuple[int, float]:
    """Hours counted from 0 (a run without a calendar): hour h of the run is `h % 24`."""
    h = int(t // HOUR_S)
    return h % 24, (h + 1) * HOUR_S


def pick_share(rng: random.Random, shares: Mapping[str, float]) -> str | None:
    """One of `shares`' keys with its share as the chance, or None for the rest."""
    if not shares:
        return None
    x = rng.random()
    for key, share in shares.items():
        if x < share:
            return key
        x -= share
    return None
