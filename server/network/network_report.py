"""The network report's figures: the centres' facts files (server/network/facts_schema.py)
read with DuckDB straight from Parquet, the same figures as a centre's own report per group
and centre, and the centres ranked (docs/network-report.md says how each is counted).

The counting is SQL run by DuckDB (server/network/network_sql.py), reading only the columns
the figures need; this module checks the files first, runs it, and ranks the centres.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

import duckdb

from server.network import facts_files, network_sql
from server.network.network_sql import By

# A satisfaction share over fewer ratings than this says little (a share of 30 answers is
# still some 18 percentage points either way): such a centre is not ranked on it.
MIN_RATINGS = 30
# DuckDB's own memory, below the 2 GB a national report is allowed in all (Python and the
# report's rows are the rest); past it DuckDB spills to a temporary folder instead.
MEMORY_LIMIT = "1200MB"
# Rows a report may have (groups at centres, and their totals): files with more distinct ids
# than this are not a network's, and such a report would be read by nobody.
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Figures:
    """One row: a group at a centre. group None: all groups (a centre's total); centre
    None: all centres (a group over the network). Shares are exact fractions (0..1)."""

    group: str | None
    centre: str | None
    tickets: int
    served: int
    no_shows: int
    waits: int
    wait_mean_s: float | None
    wait_median_s: float | None
    wait_p90_s: float | None
    wait_max_s: float | None
    within_target: Fraction | None
    service_times: int
    service_mean_s: float | None
    rated: int
    score_mean: float | None
    satisfied: Fraction | None  # rated 4 or 5, of the rated


@dataclass(frozen=True)
class Ranked:
    """A centre's place on one ranking (None: not ranked), its share and what is behind it
    (waits for the share within target, ratings for satisfaction)."""

    centre: str
    rank: int | None
    share: Fraction | None
    behind: int


@dataclass(frozen=True)
class NetworkReport:
    by: By
    start: date  # the first and last day of the rows read
    end: date
    files: int
    centres: int
    rows: list[Figures]  # per group: its centres, then the group over all; then the totals
    within_target: list[Ranked]
    satisfaction: list[Ranked]
    min_ratings: int

    @property
    def total(self) -> Figures:
        return self.rows[-1]


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on every core this process may use, within MEMORY_LIMIT."""
    con = duckdb.connect(config={"threads": len(os.sched_getaffinity(0))})
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    # Not DuckDB's default (.tmp in the current folder, wherever the command was run).
    spill = Path(tempfile.gettempdir()) / f"rinda-network-{os.getpid()}"
    con.execute("SET temp_directory = ?", [str(spill)])
    # The footers are read by the checks, then again by the query: read once.
    con.execute("SET parquet_metadata_cache = true")
    # The rows' order is never needed: DuckDB may then stream without keeping them in order.
    con.execute("SET preserve_insertion_order = false")
    return con


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _figures(row: tuple[object, ...]) -> Figures:
    (g, centre, all_groups, all_centres, tickets, served, no_shows, waits, wmean, wmedian,
     wp90, wmax, within, judged, stimes, smean, rated, score, happy) = row[:19]  # fmt: skip

    def num(x: object) -> float | None:
        return None if x is None else float(x)  # type: ignore[arg-type]

    def count(x: object) -> int:  # a sum over no row is NULL
        return 0 if x is None else int(x)  # type: ignore[call-overload]

    return Figures(
        group=None if all_groups else str(g),
        centre=None if all_centres else str(centre),
        tickets=count(tickets),
        served=count(served),
        no_shows=count(no_shows),
        waits=count(waits),
        wait_mean_s=num(wmean),
        wait_median_s=num(wmedian),
        wait_p90_s=num(wp90),
        wait_max_s=num(wmax),
        within_target=_share(count(within), count(judged)),
        service_times=count(stimes),
        service_mean_s=num(smean),
        rated=count(rated),
        score_mean=num(score),
        satisfied=_share(count(happy), count(rated)),
    )


def _order(f: Figures) -> tuple[bool, str, bool, str]:
    """Groups in order with their all-centres row last; the centres' totals, then the total."""
    return (f.group is None, f.group or "", f.centre is None, f.centre or "")


def rank(entries: list[tuple[str, Fraction | None, int]], least: int = 1) -> list[Ranked]:
    """Centres ranked on a share, highest first; equal shares share a place and the next
    place is skipped (1, 2, 2, 4). A centre with no share, or fewer than `least` behind it,
    is not ranked and comes last."""
    ranked = sorted(
        (e for e in entries if e[1] is not None and e[2] >= least),
        key=lambda e: (-(e[1] or 0), e[0]),
    )
    out: list[Ranked] = []
    for i, (centre, share, behind) in enumerate(ranked):
        same = out and out[-1].share == share
        out.append(Ranked(centre, out[-1].rank if same else i + 1, share, behind))
    placed = {r.centre for r in out}
    rest = sorted((e for e in entries if e[0] not in placed), key=lambda e: (-e[2], e[0]))
    return out + [Ranked(c, None, s, n) for c, s, n in rest]


def build(
    con: duckdb.DuckDBPyConnection,
    patterns: list[str],
    by: By,
    start: date | None = None,
    end: date | None = None,
    min_ratings: int = MIN_RATINGS,
) -> NetworkReport:
    """The report of the files `patterns` name (paths or globs), checked first; FactsError
    if they cannot be read or hold no visit in the period."""
    files = facts_files.expand(patterns)
    footer_days = facts_files.check(con, files)
    period = start is not None or end is not None
    params = {"files": files} | (
        {"start": start or date.min, "end": end or date.max} if period else {}
    )
    try:
        # The first and last day: from the footers, unless a period leaves some out.
        count_days = period or footer_days is None
        for statement in network_sql.statements(by, period, count_days):
            # Only the passes over the files take parameters; DuckDB refuses unused ones.
            con.execute(statement, params if "$files" in statement else None)
        rows = con.execute(network_sql.figures(by)).fetchmany(MAX_ROWS + 1)
    except duckdb.Error as e:
        raise facts_files.FactsError(f"the files cannot be read: {facts_files.why(e)}") from None
    if len(rows) > MAX_ROWS:
        raise facts_files.FactsError(
            f"the files hold more than {MAX_ROWS:,} groups at centres: not a network's facts"
        )
    figures = sorted((_figures(r) for r in rows), key=_order)
    total = next((r for r in rows if r[2] and r[3]), None)
    if total is None or not total[4]:
        asked = f" from {start or '...'} to {end or '...'}" if period else ""
        which = "the file" if len(files) == 1 else f"the {len(files)} files"
        raise facts_files.FactsError(f"no visit in {which}{asked}")
    first, last = (total[19], total[20]) if count_days or footer_days is None else footer_days
    centres = [f for f in figures if f.group is None and f.centre is not None]
    return NetworkReport(
        by=by,
        start=first,
        end=last,
        files=len(files),
        centres=len(centres),
        rows=figures,
        within_target=rank([(f.centre or "", f.within_target, f.waits) for f in centres]),
        satisfaction=rank(
            [(f.centre or "", f.satisfied, f.rated) for f in centres], max(1, min_ratings)
        ),
        min_ratings=min_ratings,
    )
