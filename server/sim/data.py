"""What a simulation is given (`Scenario`, its `Demand` per service and counter `Shift`s)
and what it gives back (`Run` of `Visit`s). server/sim/engine.py runs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from server.config import CentreConfig
from server.core.events import AnyEvent
from server.sim.models import Arrivals, ServiceTime, Shape


@dataclass(frozen=True)
class Demand:
    """Visitors of one service: Poisson arrivals, service times of a given shape."""

    service: str
    # Visitors an hour (walk-ins and appointments together), times `profile` per local hour.
    per_hour: float
    mean_service_s: float
    # Priority id -> share of this service's walk-ins with it.
    priorities: dict[str, float] = field(default_factory=dict)
    shape: Shape = "exponential"
    cv: float = 1.0
    profile: Mapping[int, float] = field(default_factory=dict)
    # Share of these visitors who book ahead (the service must take bookings); days only.
    appointments: float = 0.0

    @property
    def arrivals(self) -> Arrivals:
        return Arrivals(self.per_hour, self.profile)

    @property
    def service_time(self) -> ServiceTime:
        return ServiceTime(self.mean_service_s, self.shape, self.cv)


@dataclass(frozen=True)
class Shift:
    """A counter's working hours each day (local); None: from opening / until closing."""

    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True)
class Remote:
    """Visitors who join the queue from home (server/sim/joining.py): a `share` of those
    without an appointment or a priority, of the services in `services` (those the centre's
    `[remote]` lets one join); they check in after `delay`, or never (`never_come`)."""

    share: float
    delay: ServiceTime
    never_come: float = 0.0
    services: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Scenario:
    config: CentreConfig
    demand: Sequence[Demand]
    # The counters that work, each with its configured services.
    counters: Sequence[str]
    start: datetime
    # The length of a `days = 0` run (ignored otherwise).
    hours: float
    days: int = 0
    # Counter id -> its hours each day (days only; a counter not named works while open).
    shifts: Mapping[str, Shift] = field(default_factory=dict)
    # Share of visitors who take a ticket (or check in) and are gone when called.
    no_show: float = 0.0
    # How long a clerk waits for a called visitor who does not come before marking the
    # no-show (at least the centre's `counter_rules.no_show_after_s`).
    no_show_wait_s: float = 60.0
    # Appointments arrive this many minutes before (negative) to after their time, uniformly.
    arrive_min: tuple[float, float] = (-10.0, 5.0)
    # Share of served visitors who rate their visit on the phone page (server/sim/ratings.py).
    rated: float = 0.0
    remote: Remote | None = None


@dataclass
class Visit:
    number: str
    service: str
    priority: str | None
    taken_at: float
    called_at: float | None = None
    # Estimator name -> seconds it told this visitor at issue.
    told: dict[str, int] = field(default_factory=dict)
    # What an estimator could see at issue (server/sim/accuracy.py groups by it for the
    # floor): people waiting for the service, of them with a priority, free counters for it
    # (recorded when the run measures estimators).
    seen: tuple[int, int, int] = (0, 0, 0)
    # Which day of the run (0-based), the counter that called, the booked time (seconds)
    # of an appointment, and whether the visitor was gone when called.
    day: int = 0
    counter: str | None = None
    booked_at: float | None = None
    no_show: bool = False
    # How long the visit takes once called (drawn when the visitor comes).
    length_s: float = 0.0
    # Joined from home: when they checked in at the kiosk (None: not here yet), when their
    # turn first came before that (passed over), and whether their place lapsed.
    remote: bool = False
    arrived_at: float | None = None
    passed_at: float | None = None
    lapsed: bool = False

    @property
    def wait_s(self) -> float | None:
        return None if self.called_at is None else self.called_at - self.taken_at

    @property
    def kind(self) -> str:
        """ "appointment", "remote", "priority" or "walk-in"."""
        if self.booked_at is not None:
            return "appointment"
        if self.remote:
            return "remote"
        return "walk-in" if self.priority is None else "priority"

    @property
    def appointment(self) -> bool:
        return self.booked_at is not None

    @property
    def due_wait_s(self) -> float | None:
        """The wait a visitor feels: from arrival, or from the booked time if they came early;
        for one who joined from home, from their check-in (they waited at home before)."""
        if self.called_at is None:
            return None
        if self.arrived_at is not None:
            return self.called_at - self.arrived_at
        return self.called_at - max(self.taken_at, self.booked_at or self.taken_at)


@dataclass
class Run:
    visits: list[Visit]
    # Counter id -> seconds spent serving (and waiting for no-shows).
    busy_s: dict[str, float]
    seconds: float
    # Counter id -> seconds it was open (on shift, the centre open).
    open_s: dict[str, float] = field(default_factory=dict)
    # Service id -> walk-ins the core refused (the service not issuing: before opening,
    # after it stops issuing, or a day's numbers exhausted).
    refused: dict[str, int] = field(default_factory=dict)
    # Service id -> visitors who wanted an appointment but found no free slot (they came as
    # walk-ins), and booked visitors whose check-in came too late (walk-ins too).
    unbooked: dict[str, int] = field(default_factory=dict)
    lapsed: dict[str, int] = field(default_factory=dict)
    # Service id -> visitors refused joining from home (they came in person after their
    # delay), and those who came after their place had lapsed (they took a walk-in ticket).
    remote_refused: dict[str, int] = field(default_factory=dict)
    remote_late: dict[str, int] = field(default_factory=dict)
    days: int = 0
    # Every event the centre applied, in order: kept only when asked (the facts file).
    events: list[AnyEvent] = field(default_factory=list)


def count_one(counts: dict[str, int], service: str) -> None:
    """One more for `service` in one of a `Run`'s counts per service."""
    counts[service] = counts.get(service, 0) + 1
