"""The network report's figures: the centres' facts files (server/network/facts_schema.py)
read with DuckDB straight from Parquet, the same figures as a centre's own report per group
and centre, and the centres ranked (docs/network-report.md says how each is counted).

One query does it all: GROUPING SETS give, in one pass over the files, every group at every
centre, every group over all centres, every centre over all groups and the network's total.
Only the columns a figure needs are read, and only the row groups of the period (each file's
footer keeps its days' range). The median and the 90th percentile are DuckDB's `median`
(the mean of the two middle values for an even count) and `quantile_disc(.., 0.9)` (the
smallest value with at least 90 % at or below it): the definitions of server/reports/spread.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

import duckdb

from server.network import facts_files

By = Literal["centre", "institution", "service", "month"]
GROUPINGS: tuple[By, ...] = ("centre", "institution", "service", "month")
# A satisfaction share over fewer ratings than this says little (a share of 30 answers is
# still some 18 percentage points either way): such a centre is not ranked on it.
MIN_RATINGS = 30
# DuckDB's own memory, below the 2 GB a national report is allowed in all (Python and the
# report's rows are the rest); past it DuckDB spills to its temporary folder instead.
MEMORY_LIMIT = "1200MB"

_KEYS: dict[By, str] = {
    "centre": "centre",
    "institution": "institution",
    "service": "service",
    "month": "date_trunc('month', day)",
}


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

    def centre_totals(self) -> list[Figures]:
        return [f for f in self.rows if f.group is None and f.centre is not None]


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on every core this process may use, within MEMORY_LIMIT."""
    con = duckdb.connect(config={"threads": len(os.sched_getaffinity(0))})
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    # The footers are read by the checks, then again by the query: read once.
    con.execute("SET parquet_metadata_cache = true")
    # The rows' order is never needed: DuckDB may then stream without keeping them in order.
    con.execute("SET preserve_insertion_order = false")
    return con


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _scan(by: By) -> list[str]:
    """Two passes over the files into two small tables: `a` counts the visits per group,
    centre, outcome, score and within target (every figure but the waits' spread is a sum
    of these), `h` counts the waits per group, centre and second waited (the spread of any
    set of them is read from the sum of their counts, as server/reports/spread.py does).
    Counting by keys is much cheaper than a FILTER per figure or DuckDB's median, and the
    totals over centres or groups are then sums over a few thousand rows, not 30 million."""
    source = f"""
      SELECT {_KEYS[by]} AS g, * FROM read_parquet($files)
      WHERE day BETWEEN coalesce($start, DATE '0001-01-01') AND coalesce($end, DATE '9999-12-31')
    """
    return [
        f"""CREATE OR REPLACE TEMP TABLE a AS
        SELECT g, centre, outcome, score, within_target, count(*) AS n,
          count(service_s) AS sn, sum(service_s) AS ssum, min(day) AS d0, max(day) AS d1
        FROM ({source}) GROUP BY ALL""",
        f"""CREATE OR REPLACE TEMP TABLE h AS
        SELECT g, centre, wait_s, count(*) AS n FROM ({source})
        WHERE wait_s IS NOT NULL GROUP BY ALL""",
    ]


def _sets(by: By, *extra: str) -> str:
    more = "".join(f", {e}" for e in extra)
    if by == "centre":  # g is the centre: its rows, and the total
        return f"GROUPING SETS ((g, centre{more}), ({more[2:]}))"
    return f"GROUPING SETS ((g, centre{more}), (g{more}), (centre{more}), ({more[2:]}))"


def _figures_query(by: By) -> str:
    """Every level (group at centre, group, centre, all) from `a` and `h`: one row each."""
    return f"""
    WITH counts AS (
      SELECT g, centre, GROUPING(g) AS ga, GROUPING(centre) AS gc,
        sum(n) AS tickets, sum(n) FILTER (outcome = 'served') AS served,
        sum(n) FILTER (outcome = 'no_show') AS no_shows,
        sum(n) FILTER (within_target) AS within, sum(n) FILTER (within_target IS NOT NULL)
          AS judged,
        sum(sn) AS stimes, sum(ssum) / sum(sn) AS smean,
        sum(n) FILTER (score IS NOT NULL) AS rated, sum(n * score) / sum(n) FILTER
          (score IS NOT NULL) AS score, sum(n) FILTER (score >= 4) AS happy,
        min(d0) AS d0, max(d1) AS d1
      FROM a GROUP BY {_sets(by)}
    ), levels AS (
      SELECT g, centre, GROUPING(g) AS ga, GROUPING(centre) AS gc, wait_s, sum(n) AS n
      FROM h GROUP BY {_sets(by, "wait_s")}
    ), ranked AS (
      SELECT *, sum(n) OVER (PARTITION BY g, centre, ga, gc ORDER BY wait_s
                              ROWS UNBOUNDED PRECEDING) AS seen,
                sum(n) OVER (PARTITION BY g, centre, ga, gc) AS waits
      FROM levels
    ), spread AS (
      -- 0-based ranks: the middle one or two, and ceil(0.9 n) - 1 for the 90th percentile;
      -- the value at rank r is the smallest whose count at or below it is above r.
      SELECT g, centre, ga, gc, any_value(waits) AS waits, sum(wait_s * n) / any_value(waits)
          AS mean, max(wait_s) AS top,
        min(wait_s) FILTER (seen > (waits - 1) // 2) AS low,
        min(wait_s) FILTER (seen > waits // 2) AS high,
        min(wait_s) FILTER (seen >= (9 * waits + 9) // 10) AS p90
      FROM ranked GROUP BY g, centre, ga, gc
    )
    SELECT {"strftime(c.g, '%Y-%m')" if by == "month" else "c.g"},
      c.centre, {"1" if by == "centre" else "c.ga"}, c.gc,
      c.tickets, c.served, c.no_shows, coalesce(s.waits, 0), s.mean, (s.low + s.high) / 2,
      s.p90, s.top, c.within, c.judged, c.stimes, c.smean, c.rated, c.score, c.happy,
      c.d0, c.d1
    FROM counts c LEFT JOIN spread s ON s.g IS NOT DISTINCT FROM c.g
      AND s.centre IS NOT DISTINCT FROM c.centre AND s.ga = c.ga AND s.gc = c.gc
    """


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
    facts_files.check(con, files)
    params = {"files": files, "start": start, "end": end}
    try:
        for scan in _scan(by):
            con.execute(scan, params)
        rows = con.execute(_figures_query(by)).fetchall()
    except duckdb.Error as e:
        raise facts_files.FactsError(f"the files cannot be read: {facts_files.why(e)}") from None
    figures = sorted((_figures(r) for r in rows), key=_order)
    total = next((r for r in rows if r[2] and r[3]), None)
    if total is None or not total[4]:
        period = f" from {start or '...'} to {end or '...'}" if start or end else ""
        raise facts_files.FactsError(f"no visit in the {len(files)} files{period}")
    centres = [f for f in figures if f.group is None and f.centre is not None]
    return NetworkReport(
        by=by,
        start=total[19],
        end=total[20],
        files=len(files),
        centres=len(centres),
        rows=figures,
        within_target=rank([(f.centre or "", f.within_target, f.waits) for f in centres]),
        satisfaction=rank(
            [(f.centre or "", f.satisfied, f.rated) for f in centres], max(1, min_ratings)
        ),
        min_ratings=min_ratings,
    )
