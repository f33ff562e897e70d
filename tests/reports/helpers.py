"""Hand-built logs for report tests: a Centre of the pure core driven with explicit times,
its events stored as the server stores them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from server.config import CentreConfig
from server.core import commands as c
from server.core import events as ev
from server.core.centre import Centre
from server.protocol.reports import By, Figures, Report
from server.reports.engine import build_reports
from server.store.events import EventStore

RIGA = ZoneInfo("Europe/Riga")


def local(day: date, hh: int, mm: int = 0, fold: int = 0) -> datetime:
    """A Riga wall-clock time (`fold=1`: the second pass of October's repeated hour)."""
    return datetime.combine(day, time(hh, mm, fold=fold), RIGA)


def report(
    path: Path,
    config: CentreConfig,
    first: date,
    last: date,
    by: By = "service",
    **options: Any,
) -> Report:
    """One report over `first`..`last`, made the next day at noon unless `now` is given."""
    options.setdefault("now", local(last + timedelta(days=1), 12))
    (out,) = build_reports(path, config, first, last, [by], **options)
    return out


def rows(r: Report) -> dict[str, Figures]:
    return {f.key: f for f in r.rows}


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

    def take(
        self, service: str, now: datetime, priority: str | None = None, told: int | None = None
    ) -> str:
        """A ticket taken at `now`; `told`: the wait in seconds its visitor was told."""
        cmd = c.TakeTicket(
            service=service, priority=priority, token="t", device="k1", told_wait_s=told
        )
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

    def start(self, counter: str, ticket: str, now: datetime) -> None:
        self.run(c.StartServing(counter=counter, ticket=ticket), now)

    def sign_in(self, counter: str, clerk: str, now: datetime) -> None:
        self.run(c.OpenCounter(counter=counter, clerk=clerk), now)

    def no_show(self, counter: str, ticket: str, now: datetime) -> None:
        self.run(c.NoShow(counter=counter, ticket=ticket), now)

    def transfer(self, counter: str, ticket: str, service: str, now: datetime) -> None:
        self.run(c.Transfer(counter=counter, ticket=ticket, service=service), now)

    def cancel(self, ticket: str, now: datetime) -> None:
        self.run(c.Cancel(ticket=ticket, by="m1"), now)

    def book(self, service: str, start: datetime, code: str, now: datetime) -> None:
        cmd = c.Book(service=service, start=start, booking=code, code=code, secret=code, by="m1")
        self.run(cmd, now)

    def check_in(self, code: str, now: datetime, told: int | None = None) -> str:
        out = self.run(c.CheckIn(code=code, token="t", device="k1", told_wait_s=told), now)
        return next(e.ticket for e in out if isinstance(e, ev.TicketTaken))

    def cancel_booking(self, code: str, now: datetime) -> None:
        self.run(c.CancelBooking(booking=code, by="m1"), now)

    def mark_missed(self, now: datetime) -> None:
        self.run(c.MarkMissed(), now)

    def rate(
        self,
        ticket: str | None,
        score: int,
        now: datetime,
        reason: str | None = None,
        counter: str | None = None,
    ) -> None:
        """A visitor's rating (`ticket` None: anonymous, at `counter`'s tablet), written to
        the log as the core writes it: a report reads only the log."""
        self.roll(now)
        by = "phone" if ticket is not None else "tablet1"
        self.events.append(
            ev.VisitRated(at=now, ticket=ticket, counter=counter, score=score, reason=reason, by=by)
        )

    def roll(self, now: datetime) -> None:
        """Start the day of `now` (what the server's tick does at midnight)."""
        if self.centre.needs_roll(now):
            self.events += self.centre.execute(c.RollDay(), now)

    async def save(self, path: Path) -> None:
        store = await EventStore.open(path)
        try:
            await store.append(self.events)
        finally:
            await store.close()
