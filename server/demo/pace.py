"""How busy the simulated centre is (`server/demo/simulator.py`). Arrivals and visit lengths
are drawn from the models `rinda simulate` uses (server/sim/models.py): one source of truth."""

from __future__ import annotations

from dataclasses import dataclass

from server.sim.models import Arrivals, ServiceTime

# A visit at the counter: lognormal, 25 s on average (the demo's clerks are quick).
VISIT = ServiceTime(25.0, "lognormal", 0.35)


@dataclass(frozen=True)
class Pace:
    """How busy the simulated centre is. Times are in simulated seconds: divided by `speed`."""

    visitor_every_s: float = 8.0
    """Mean time between two visitors (exponentially distributed, like real arrivals).

    Set so that the clerks keep up: a visit takes a clerk ~30 s on average (the walk, the
    visit, a recall now and then, a break now and then), so the demo's six simulated clerks
    serve one visitor every ~5 s; one every 8 s keeps them ~60 % busy. Visitors choose among
    the services in proportion to the clerks serving each, so that holds for every group of
    services too, and queues come and go instead of growing (`tests/demo/test_staffing.py`
    plays an hour of it). The kiosk's rate limit is real time (30 a minute by default):
    beyond a speed of ~4 the default pace meets it, and visitors wait at the kiosk
    (`rate_limited`, retried)."""
    max_waiting: int = 20
    """A visitor who finds this many people waiting (all services) leaves without a ticket: a
    safety net, so the queue on the screens stays bounded whatever is staffed (a pace or
    staffing the clerks cannot keep up with, the clerks' links down)."""
    visit: ServiceTime = VISIT
    """How long a visit at the counter takes: lognormal, 25 s on average, most visits within
    about a third of that either way (the spread of the 10-40 s it once was)."""
    walk_s: tuple[float, float] = (2.0, 6.0)
    """From the call to the visitor reaching the counter (uniform)."""
    priority_share: float = 0.1
    """Share of visitors with a priority category (chosen evenly among the configured ones)."""
    recall_share: float = 0.1
    """Chance that a called visitor has not arrived after the walk and is called again."""
    transfer_share: float = 0.03
    """Chance that a visit ends in a transfer to another service instead of a finish."""
    pause_share: float = 0.02
    """Chance that a free clerk takes a break before calling the next visitor."""
    pause_s: tuple[float, float] = (20.0, 60.0)
    """How long a break lasts (uniform)."""
    idle_s: float = 5.0
    """Longest wait for a `queue` event before a free clerk tries `call_next` anyway."""
    languages: tuple[tuple[str, float], ...] = (("lv", 0.6), ("ru", 0.3), ("en", 0.1))
    """Visitors' languages and their weights."""
    speed: float = 1.0
    """Time compression: 10 makes everything happen ten times faster."""

    @property
    def arrivals(self) -> Arrivals:
        """The kiosk's Poisson stream: one visitor every `visitor_every_s` on average."""
        return Arrivals(3600.0 / self.visitor_every_s)

    def __post_init__(self) -> None:
        if self.speed <= 0 or self.visitor_every_s <= 0 or self.idle_s <= 0:
            raise ValueError("speed, visitor_every_s and idle_s must be positive")
        if self.max_waiting < 1:
            raise ValueError("max_waiting must be at least 1")
        for name in ("walk_s", "pause_s"):
            low, high = getattr(self, name)
            if not 0 <= low <= high:
                raise ValueError(f"{name} must be (low, high) with 0 <= low <= high")
        for name in ("priority_share", "recall_share", "transfer_share", "pause_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if not self.languages or any(w < 0 for _, w in self.languages):
            raise ValueError("languages need at least one entry and no negative weight")
