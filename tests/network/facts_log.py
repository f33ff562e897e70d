"""A hand-made day of a small centre, its facts worked out by hand: what the export tests
compare the Parquet file with. Day D is Monday 2 November 2026 in Riga (UTC+2)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from server.config import CentreConfig, loads
from server.core import commands as c
from tests.conftest import bookable_toml
from tests.reports.helpers import LogBuilder, local

D = date(2026, 11, 2)


def centre_text(centre_id: str | None = "testa") -> str:
    """The test centre with bookings for "social" (target 15 min, institution "muni") and
    "tax" at a second institution with a 20-minute target; its id `centre_id`."""
    text = bookable_toml().replace(
        'public_url = "http://rinda.test"',
        'public_url = "http://rinda.test"'
        + (f'\nid = "{centre_id}"' if centre_id is not None else ""),
    )
    text = text.replace(
        '[[services]]\nid = "tax"\nprefix = "B"\ninstitution = "muni"',
        '[[services]]\nid = "tax"\nprefix = "B"\ninstitution = "vid"\ntarget_wait_min = 20',
    )
    return text + (
        '\n[[institutions]]\nid = "vid"\n'
        'name = { lv = "VID", ru = "СГД", en = "State Revenue Service" }\n'
    )


def centre() -> CentreConfig:
    return loads(centre_text())


def utc(hh: int, mm: int) -> datetime:
    return datetime(D.year, D.month, D.day, hh, mm, tzinfo=UTC)


async def build_day(db: Path) -> dict[str, str]:
    """The day's log in `db`; its tickets' numbers by what happened to them."""
    log = LogBuilder(centre())
    log.book("social", local(D, 14), "K1", local(date(2026, 11, 1), 12))
    log.sign_in("1", "anna", local(D, 8, 0))
    senior = log.take("social", local(D, 9, 0), priority="senior")
    log.call("1", senior, local(D, 9, 10))
    log.start("1", senior, local(D, 9, 12))
    log.finish("1", senior, local(D, 9, 20))
    # Rated on the phone, then changed: the latest rating counts.
    log.run(rate(senior, 2, "waited_too_long"), local(D, 9, 25))
    log.run(rate(senior, 4, None), local(D, 9, 30))
    moved = log.take("tax", local(D, 10, 0))
    log.call("3", moved, local(D, 10, 30))
    log.transfer("3", moved, "social", local(D, 10, 40))
    log.serve("2", moved, local(D, 10, 45), local(D, 10, 55))
    log.run(rate(moved, 5, None), local(D, 11, 0))  # the visit it ended with
    gone = log.take("social", local(D, 11, 0))
    log.call("2", gone, local(D, 11, 5))
    log.no_show("2", gone, local(D, 11, 8))  # not served: nothing to rate
    # At a tablet of no counter: a rating of no visit, not in the file.
    log.run(
        c.RateVisit(ticket=None, counter=None, score=3, reason="other", by="exit"), local(D, 12)
    )
    booked = log.check_in("K1", local(D, 13, 55))
    log.serve("2", booked, local(D, 14, 2), local(D, 14, 10))
    log.run(rate(booked, 1, "not_helped"), local(D, 14, 15))
    late = log.take("social", local(D, 23, 30))
    await log.save(db)
    return {"senior": senior, "moved": moved, "gone": gone, "booked": booked, "late": late}


def rate(ticket: str, score: int, reason: str | None) -> c.RateVisit:
    return c.RateVisit(ticket=ticket, counter=None, score=score, reason=reason, by="phone")


# The rows by hand, in the order the visits started (the columns of facts_schema).
_COMMON = {"version": 1, "centre": "testa", "day": D, "score": None, "reason": None}
_SCORES = {0: (4, None), 2: (5, None), 4: (1, "not_helped")}
EXPECTED: list[dict[str, Any]] = [
    # Taken 09:00 local (07:00 UTC) with a priority, called 09:10, serving from 09:12.
    {"hour": 9, "service": "social", "institution": "muni", "priority": True,
     "appointment": False, "leg": 0, "issued": utc(7, 0), "called": utc(7, 10),
     "served": utc(7, 12), "finished": utc(7, 20), "wait_s": 600, "service_s": 480,
     "target_s": 900, "within_target": True, "outcome": "served"},
    # Waited 30 min for tax (target 20 min), then sent on to social: two visits; the
    # rating goes to the second, the visit the ticket ended with.
    {"hour": 10, "service": "tax", "institution": "vid", "priority": False,
     "appointment": False, "leg": 0, "issued": utc(8, 0), "called": utc(8, 30),
     "served": utc(8, 30), "finished": utc(8, 40), "wait_s": 1800, "service_s": None,
     "target_s": 1200, "within_target": False, "outcome": "transferred"},
    {"hour": 10, "service": "social", "institution": "muni", "priority": False,
     "appointment": False, "leg": 1, "issued": utc(8, 40), "called": utc(8, 45),
     "served": utc(8, 45), "finished": utc(8, 55), "wait_s": 300, "service_s": 600,
     "target_s": 900, "within_target": True, "outcome": "served"},
    # Called and never came: no start of service.
    {"hour": 11, "service": "social", "institution": "muni", "priority": False,
     "appointment": False, "leg": 0, "issued": utc(9, 0), "called": utc(9, 5),
     "served": None, "finished": utc(9, 8), "wait_s": 300, "service_s": None,
     "target_s": 900, "within_target": True, "outcome": "no_show"},
    # Checked in at 13:55 for 14:00: the wait runs from the booked time (120 s).
    {"hour": 13, "service": "social", "institution": "muni", "priority": False,
     "appointment": True, "leg": 0, "issued": utc(11, 55), "called": utc(12, 2),
     "served": utc(12, 2), "finished": utc(12, 10), "wait_s": 120, "service_s": 480,
     "target_s": 900, "within_target": True, "outcome": "served"},
    # Taken at 23:30, never called before the day ended.
    {"hour": 23, "service": "social", "institution": "muni", "priority": False,
     "appointment": False, "leg": 0, "issued": utc(21, 30), "called": None,
     "served": None, "finished": None, "wait_s": None, "service_s": None,
     "target_s": 900, "within_target": None, "outcome": "unserved"},
]  # fmt: skip
EXPECTED = [
    {**_COMMON, **row, **dict(zip(("score", "reason"), _SCORES.get(i, (None, None)), strict=True))}
    for i, row in enumerate(EXPECTED)
]


def read(path: Path) -> list[dict[str, Any]]:
    """Every row of a facts file, as DuckDB reads it, in the file's order."""
    with duckdb.connect() as con:
        cur = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def described(path: Path) -> list[tuple[str, str]]:
    with duckdb.connect() as con:
        rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]
