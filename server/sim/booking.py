"""Visitors who book ahead: each day at midnight they are booked through the core's own
`Book` command, each in the free slot nearest the time they would have come, and later they
check in with `CheckIn` a little before or after their time. A visitor who finds no free
slot comes as a walk-in at that time instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from server.core import commands as c
from server.core.booking import free_slots
from server.core.centre import Centre
from server.core.errors import DomainError
from server.sim import calendar
from server.sim.data import Demand
from server.sim.models import Arrivals


@dataclass
class _Slot:
    at_s: float
    start: datetime
    free: int


@dataclass(frozen=True)
class Coming:
    """A visitor of the day: a booking `code` to check in with at `at_s` (booked for
    `booked_s`), or a walk-in (`code` None) who found no slot."""

    at_s: float
    code: str | None
    booked_s: float


@dataclass
class Booker:
    centre: Centre
    clock: calendar.Clock
    no_show: float
    arrive_min: tuple[float, float]
    made: int = 0

    def day(
        self, d: Demand, day: calendar.Day, share: float, now: datetime, rng: random.Random
    ) -> list[Coming]:
        service = self.centre.config.services[d.service]
        slots = [
            _Slot(self.clock.seconds(start), start, free)
            for start, free in free_slots(
                self.centre.config, self.centre.appointments.index, service, now, days=[day.date]
            )
        ]
        wanted = Arrivals(d.per_hour * share, d.profile)
        early, late = self.arrive_min
        out: list[Coming] = []
        for a, b in day.spans:
            for t in wanted.times(rng, a, b, self.clock.hour_of):
                slot = self.book(d.service, [x for x in slots if x.free > 0], t, now)
                if slot is None:
                    out.append(Coming(t, None, t))
                elif rng.random() >= self.no_show:  # else booked and never came
                    at = slot.at_s + rng.uniform(early, late) * 60
                    out.append(Coming(max(at, day.start_s), f"SIM{self.made}", slot.at_s))
        return out

    def book(self, service: str, open_: list[_Slot], t: float, now: datetime) -> _Slot | None:
        if not open_:
            return None
        slot = min(open_, key=lambda x: abs(x.at_s - t))
        self.made += 1
        code = f"SIM{self.made}"
        book = c.Book(
            service=service, start=slot.start, booking=code, code=code, secret="-", by="sim"
        )
        try:
            self.centre.execute(book, now)
        except DomainError:
            return None
        slot.free -= 1
        return slot
