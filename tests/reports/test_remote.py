"""Tickets joined from home in the reports: they wait from when they joined, a check-in and a
turn passed over change no figure, a lapsed one is a no-show at no counter, and the report
counts how many joined from home and how many of them lapsed, the same from kept summaries
as from the events (and from the events on a database of the schema before them)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from server.core import commands as c
from server.core import events as ev
from server.store.events import EventStore
from server.store.report_queries import COLUMNS
from server.store.summaries import SUMMARY_SCHEMA, keep_summary
from tests.reports.helpers import LogBuilder, local, report, rows
from tests.server.joined import remote_toml

DAY = date(2026, 11, 2)
REMOTE_COLUMNS = COLUMNS[COLUMNS.index("remote") : COLUMNS.index("waits")]


@pytest.fixture
def remote() -> CentreConfig:
    return loads(remote_toml())


def join(log: LogBuilder, code: str, minute: int) -> str:
    cmd = c.JoinQueue(service="social", token=f"t{code}", code=code, device="web")
    (taken,) = log.run(cmd, local(DAY, 9, minute))
    assert isinstance(taken, ev.TicketTaken)
    return taken.ticket


def a_day_with_visitors_from_home(config: CentreConfig) -> LogBuilder:
    """09:00 one joins from home (passed 09:10, checks in 09:20, served 09:25-09:35), 09:05
    another (never comes: passed 09:10 too, lapses 09:26), 09:06 a walk-in (served
    09:10-09:20)."""
    log = LogBuilder(config)
    came = join(log, "CAM234", 0)
    never = join(log, "NEV234", 5)
    walk_in = log.take("social", local(DAY, 9, 6))
    log.sign_in("1", "anna", local(DAY, 9, 7))

    def call_next(minute: int) -> list[type[ev.AnyEvent]]:
        return [type(e) for e in log.run(c.CallNext(counter="1"), local(DAY, 9, minute))]

    # Both joined before the walk-in: both their turns came first.
    assert call_next(10) == [ev.TurnPassed, ev.TurnPassed, ev.TicketCalled]
    log.finish("1", walk_in, local(DAY, 9, 20))
    log.run(c.CheckIn(code="CAM234", token="k", device="k1"), local(DAY, 9, 20))
    assert call_next(25) == [ev.TicketCalled]
    (lapsed,) = log.run(c.LapseRemote(), local(DAY, 9, 26))
    assert isinstance(lapsed, ev.TicketLapsed) and lapsed.ticket == never
    log.finish("1", came, local(DAY, 9, 35))
    return log


async def test_a_lapsed_ticket_is_a_no_show_at_no_counter(
    log_path: Path, remote: CentreConfig
) -> None:
    await a_day_with_visitors_from_home(remote).save(log_path)
    total = report(log_path, remote, DAY, DAY).total
    assert (total.tickets, total.served, total.no_shows, total.unserved) == (3, 2, 1, 0)
    assert (total.remote, total.remote_lapsed) == (2, 1)
    # Waits from when each joined: 25 min at home and here, and the walk-in's 4 min; the
    # lapsed one was never called, so it has none.
    assert total.wait.count == 2 and total.wait.max_s == 25 * 60
    counters = rows(report(log_path, remote, DAY, DAY, "counter"))
    assert counters[""].no_shows == counters[""].remote_lapsed == 1
    assert counters["1"].no_shows == 0 and counters["1"].remote == 1


async def test_kept_summaries_count_them_as_the_events_do(
    tmp_path: Path, remote: CentreConfig
) -> None:
    events, kept, old = tmp_path / "events.db", tmp_path / "kept.db", tmp_path / "old.db"
    log = a_day_with_visitors_from_home(remote)
    for path in (events, kept, old):
        await log.save(path)
    for path in (kept, old):
        store = await EventStore.open(path)
        try:
            await keep_summary(store, remote, DAY)
        finally:
            await store.close()
    # The schema before the remote columns, its day kept by the rules before them: every
    # figure is read from the events.
    with sqlite3.connect(old) as conn:
        for name in REMOTE_COLUMNS:
            conn.execute(f"ALTER TABLE report_groups DROP COLUMN {name}")
        conn.execute("UPDATE report_days SET version = version - 1")
        conn.execute(f"PRAGMA user_version = {SUMMARY_SCHEMA - 1}")
    later = local(DAY + timedelta(days=1), 12)
    for by in ("service", "counter", "hour"):
        expected = report(events, remote, DAY, DAY, by, now=later)
        assert expected.total.remote_lapsed == 1
        assert report(kept, remote, DAY, DAY, by, now=later) == expected, by
        assert report(old, remote, DAY, DAY, by, now=later) == expected, by
