"""A day's figures are the same whether its kept summary or its events were read, for every
grouping, for a period mixing both, and for a weekday's days only."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from server.protocol.reports import GROUPINGS
from server.store.clerks import add_clerk
from server.store.events import EventStore
from server.store.report_queries import COLUMNS
from server.store.summaries import keep_summary, missing_days, open_read_only
from tests.conftest import bookable_toml
from tests.reports.helpers import LogBuilder, local, report, rows

MON = date(2026, 11, 2)
DAYS = (MON, MON + timedelta(days=1), MON + timedelta(days=7))  # Mon, Tue, next Mon
LAST = DAYS[-1]
# The columns schemas 6, 8 and 9 added (server/store/schema.py).
TOLD_COLUMNS = COLUMNS[COLUMNS.index("told") : COLUMNS.index("rated")]
RATED_COLUMNS = COLUMNS[COLUMNS.index("rated") : COLUMNS.index("remote")]
REMOTE_COLUMNS = COLUMNS[COLUMNS.index("remote") : COLUMNS.index("waits")]


@pytest.fixture
def busy() -> CentreConfig:
    return loads(bookable_toml() + "\n[reports]\nper_clerk = true\n")


def a_busy_log(config: CentreConfig) -> LogBuilder:
    """Three days of walk-ins, priorities, a transfer, a no-show called back, one left
    waiting, clerks signed in, and bookings kept, missed and cancelled; most visitors told
    a wait at issue, one not (as from an older Rinda); three visits rated (one twice) and
    one anonymous rating at a tablet, each day."""
    log = LogBuilder(config)
    for n, day in enumerate(DAYS):
        log.book("social", local(day, 10), f"K{n}A", local(day - timedelta(days=1), 9))
        log.book("social", local(day, 11), f"K{n}B", local(day - timedelta(days=1), 9))
        log.book("social", local(day, 12), f"K{n}C", local(day - timedelta(days=1), 9))
        log.sign_in("1", "anna", local(day, 8))
        log.sign_in("3", "juris", local(day, 8))
        a = [
            log.take(
                "social",
                local(day, 8, 10 + 7 * i),
                "senior" if i == 1 else None,
                told=300 * (i + n) if i < 2 else None,
            )
            for i in range(3)
        ]
        b = [log.take("tax", local(day, 9, 3 * i), told=600 + 60 * n) for i in range(2)]
        log.serve("1", a[0], local(day, 8, 30 + n), local(day, 8, 41))
        log.call("2", a[1], local(day, 8, 35))
        log.no_show("2", a[1], local(day, 8, 40))
        log.serve("1", a[2], local(day, 8, 50), local(day, 9, 2 + n))
        log.serve("2", a[1], local(day, 9, 5), local(day, 9, 20))  # came back
        log.call("3", b[0], local(day, 9, 30))
        log.transfer("3", b[0], "social", local(day, 9, 40))
        log.serve("1", b[0], local(day, 9, 55), local(day, 10, 1))
        log.rate(a[0], 4, local(day, 9, 10))
        log.rate(a[0], 5 - n, local(day, 9, 12), "other" if n else None)  # changed
        log.rate(a[2], 1, local(day, 9, 15), "waited_too_long")
        log.rate(b[0], 2 + n, local(day, 10, 3), "not_helped")
        log.rate(None, 3, local(day, 10, 5), "other", counter="3")
        k = log.check_in(f"K{n}A", local(day, 9, 57 + n), told=420)
        log.serve("2", k, local(day, 10, 4), local(day, 10, 14))
        log.cancel_booking(f"K{n}B", local(day, 10, 30))
        log.mark_missed(local(day, 12, 30))
        # b[1] is still waiting when the day ends.
    return log


async def keep(path: Path, config: CentreConfig, days: tuple[date, ...]) -> None:
    store = await EventStore.open(path)
    try:
        await add_clerk(store, "anna", "Anna Bērziņa", "402917", replace=True)
        await add_clerk(store, "juris", "Juris Kalniņš", "830461", replace=True)
        for day in days:
            await keep_summary(store, config, day)
    finally:
        await store.close()


def kept_days(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {d for (d,) in conn.execute("SELECT day FROM report_days")}


async def test_kept_summaries_give_the_figures_of_the_events(
    tmp_path: Path, busy: CentreConfig
) -> None:
    events, kept = tmp_path / "events.db", tmp_path / "kept.db"
    log = a_busy_log(busy)
    await log.save(events)
    await log.save(kept)
    await keep(events, busy, ())  # the clerks' names only
    await keep(kept, busy, DAYS)
    assert kept_days(events) == set()
    assert kept_days(kept) == {d.isoformat() for d in DAYS}
    for by in GROUPINGS:
        from_events = report(events, busy, MON, LAST, by)
        assert from_events == report(kept, busy, MON, LAST, by), by
        assert from_events.total.tickets == 3 * 7  # 5 taken, 1 transfer, 1 check-in a day
        # Told and called: a[0], a[1], b[0] and the check-in (b[1] never was).
        assert from_events.total.told.count == 3 * 4
        # a[0] (its latest), a[2], b[0] and the tablet's, each day.
        assert from_events.total.feedback.rated == 3 * 4
        assert from_events.total.feedback.reasons == {
            "not_helped": 3,
            "other": 3 + 2,
            "waited_too_long": 3,
        }
    mondays = report(events, busy, MON, LAST, "weekday", weekday=1)
    assert mondays == report(kept, busy, MON, LAST, "weekday", weekday=1)
    assert [f.key for f in mondays.rows] == ["1"]
    assert rows(mondays)["1"].tickets == 2 * 7
    clerks = rows(report(kept, busy, MON, LAST, "clerk"))
    assert clerks["anna"].label == "Anna Bērziņa"
    assert clerks["anna"].served == 3 * 3  # a[0], a[2] and the transferred b[0], each day


async def test_a_period_mixes_kept_days_and_todays_events(
    tmp_path: Path, busy: CentreConfig
) -> None:
    events, mixed = tmp_path / "events.db", tmp_path / "mixed.db"
    log = a_busy_log(busy)
    await log.save(events)
    await log.save(mixed)
    await keep(events, busy, ())
    await keep(mixed, busy, DAYS[:2])  # the last day is "today": never kept
    now = local(LAST, 23, 0)
    for by in ("service", "hour", "day"):
        expected = report(events, busy, MON, LAST, by, now=now)
        assert report(mixed, busy, MON, LAST, by, now=now) == expected


async def test_a_day_kept_by_older_rules_is_read_from_its_events_and_kept_again(
    tmp_path: Path, busy: CentreConfig
) -> None:
    events, stale = tmp_path / "events.db", tmp_path / "stale.db"
    log = a_busy_log(busy)
    await log.save(events)
    await log.save(stale)
    await keep(events, busy, ())
    await keep(stale, busy, DAYS)
    with sqlite3.connect(stale) as conn:
        # As if written by the rules before these: their figures must not count.
        conn.execute("UPDATE report_days SET version = version - 1 WHERE day = ?", (str(MON),))
        conn.execute("UPDATE report_groups SET tickets = 999 WHERE day = ?", (str(MON),))
    expected = report(events, busy, MON, LAST)
    assert report(stale, busy, MON, LAST) == expected
    conn = open_read_only(stale)
    try:
        # From the first event (a booking made on Sunday 1 November) to the 9th: all but
        # the two days still kept by the current rules (the 3rd and the 9th).
        missing = missing_days(conn, busy, LAST + timedelta(days=1))
        assert [d.day for d in missing] == [1, 2, 4, 5, 6, 7, 8]
    finally:
        conn.close()


async def test_a_database_of_the_schema_before_told_waits_is_read_from_its_events(
    tmp_path: Path, busy: CentreConfig
) -> None:
    """A report of this version on a database an older server still keeps (schema 5: its
    summaries have no told-wait columns) counts every day from the events."""
    events, old = tmp_path / "events.db", tmp_path / "old.db"
    log = a_busy_log(busy)
    await log.save(events)
    await log.save(old)
    await keep(events, busy, ())
    await keep(old, busy, DAYS)
    with sqlite3.connect(old) as conn:
        for name in TOLD_COLUMNS:
            conn.execute(f"ALTER TABLE report_groups DROP COLUMN {name}")
        conn.execute("PRAGMA user_version = 5")
    for by in ("service", "day"):
        expected = report(events, busy, MON, LAST, by)
        assert expected.total.told.count == 3 * 4
        assert report(old, busy, MON, LAST, by) == expected


async def test_a_database_of_the_schema_before_ratings_is_read_from_its_events(
    tmp_path: Path, busy: CentreConfig
) -> None:
    """Schema 7 (no rating columns, no reasons table) with days kept by the rules before
    ratings: every day counts from the events, ratings and all."""
    events, old = tmp_path / "events.db", tmp_path / "old.db"
    log = a_busy_log(busy)
    await log.save(events)
    await log.save(old)
    await keep(events, busy, ())
    await keep(old, busy, DAYS)
    with sqlite3.connect(old) as conn:
        for name in (*RATED_COLUMNS, *REMOTE_COLUMNS):
            conn.execute(f"ALTER TABLE report_groups DROP COLUMN {name}")
        conn.execute("DROP TABLE report_reasons")
        conn.execute("UPDATE report_days SET version = version - 1")
        conn.execute("PRAGMA user_version = 7")
    for by in ("counter", "day"):
        expected = report(events, busy, MON, LAST, by)
        assert expected.total.feedback.rated == 3 * 4
        assert report(old, busy, MON, LAST, by) == expected
