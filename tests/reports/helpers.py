"""Hand-built logs for report tests: a Centre of the pure core driven with explicit times,
its events stored as the server stores them."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.store.events import EventStore


def local(day: date, hh: int, mm: int = 0, ss: int = 0, fold: int = 0) -> datetime:
    """A Riga wall-clock time (`fold=1`: the second pass of October's repeated hour)."""
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(hh, mm, ss, fold=fold), ZoneInfo("Europe/Riga"))


class LogBuilder:
    """Runs commands on a Centre at given times, keeping every event (day rolls included)."""

    def __init__(self, config: CentreConfig) -> None:
        self.centre = Centre(config)
        self.events: list[ev.AnyEvent] = []

    def run(self, cmd: c.AnyCommand, now: datetime) -> list[ev.AnyEvent]:
        if self.centre.needs_roll(now):
            self.events += self.centre.execute(c.RollDay(), now)
        out = self.centre.execute(cmd, now)
        self.events += out
        return out

    def take(self, service: str, now: datetime, priority: str | None = None) -> str:
        cmd = c.TakeTicket(service=service, priority=priority, token="t", device="k1")
        (taken,) = self.run(cmd, now)
        assert isinstance(taken, ev.TicketTaken)
        return taken.ticket

    def call(self, counter: str, ticket: str, now: datetime) -> None:
        cs = self.centre.state.counters[counter]
        if cs.status == "closed":
            self.run(c.OpenCounter(counter=counter, clerk=None), now)
        self.run(c.CallTicket(counter=counter, ticket=ticket), now)

    def finish(self, counter: str, ticket: str, now: datetime) -> None:
        self.run(c.Finish(counter=counter, ticket=ticket), now)

    def serve(self, counter: str, ticket: str, called: datetime, done: datetime) -> None:
        self.call(counter, ticket, called)
        self.finish(counter, ticket, done)

    async def save(self, path: Path) -> None:
        store = await EventStore.open(path)
        try:
            await store.append(self.events)
        finally:
            await store.close()
