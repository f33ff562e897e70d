"""The SQL of the network report: every figure of every row in two passes over the files.

A median or a 90th percentile of millions of waits is costly if every wait is kept (DuckDB's
`median` sorts them per group) or counted per second (millions of groups). Instead:

1. The first pass counts everything per group, centre and *minute* of wait (`p`): visits,
   outcomes, ratings, sums, and the waits in each minute. Every row of the report (a group
   at a centre, a group over all centres, a centre over all groups, the network) is a sum
   of these rows (`lv`), and so are its counts, means and maximum.
2. From the waits per minute, each row's median and 90th percentile are known to lie in one
   minute each (`crit`): the one whose waits take the count past the rank wanted.
3. The second pass counts the waits per second only in those minutes (`e`), a few per cent
   of the rows; the rank is then found among them (`values`).

The ranks are those of server/reports/spread.py: 0-based, the middle one or two, and
ceil(0.9 n) - 1 = (9 n + 9) // 10 - 1 for the 90th percentile (exactly, in integers).
"""

from __future__ import annotations

from typing import Literal

from server.reports.tally import SATISFIED

By = Literal["centre", "institution", "service", "month"]
GROUPINGS: tuple[By, ...] = ("centre", "institution", "service", "month")

# The width of the first pass's buckets, in seconds of wait.
BUCKET_S = 60

_KEYS: dict[By, str] = {
    "centre": "centre",
    "institution": "institution",
    "service": "service",
    "month": "date_trunc('month', day)",
}
# Every level of the report, as (group, centre) keys: ga/gc are 1 where the row is over all
# groups / all centres. By centre the group is the centre: its rows and the network's.
_LEVELS = {False: ("(g, centre)", "(g)", "(centre)", "()"), True: ("(g, centre)", "()")}
# How a level's rows are matched with the waits counted per second, by (ga, gc).
_MATCH = {
    (0, 0): "e.g IS NOT DISTINCT FROM c.g AND e.centre IS NOT DISTINCT FROM c.centre",
    (0, 1): "e.g IS NOT DISTINCT FROM c.g",
    (1, 0): "e.centre IS NOT DISTINCT FROM c.centre",
    (1, 1): "true",
}


def source(by: By, period: bool) -> str:
    """The visits read, with their group as `g` (only the period's, if it is given)."""
    where = "WHERE day BETWEEN $start AND $end" if period else ""
    return f"(SELECT {_KEYS[by]} AS g, * FROM read_parquet($files) {where})"


def _sets(by: By, extra: str) -> str:
    levels = _LEVELS[by == "centre"]
    return ", ".join(f"({level[1:-1]}{', ' if level != '()' else ''}{extra})" for level in levels)


def first_pass(by: By, period: bool, days: bool) -> list[str]:
    """The counts per group, centre and minute of wait (`p`), and every level's (`lv`);
    `days`: with each row's first and last day (else NULL: the files' footers said)."""
    sums = (
        "sum(n) AS n, sum(served) AS served, sum(no_shows) AS no_shows, sum(nw) AS nw, "
        "sum(wsum) AS wsum, max(wmax) AS wmax, sum(within) AS within, sum(judged) AS judged, "
        "sum(sn) AS sn, sum(ssum) AS ssum, sum(rated) AS rated, sum(rsum) AS rsum, "
        "sum(happy) AS happy, min(d0) AS d0, max(d1) AS d1"
    )
    return [
        f"""CREATE OR REPLACE TEMP TABLE p AS
        SELECT g, centre, wait_s // {BUCKET_S} AS bucket, count(*) AS n,
          sum((outcome = 'served')::INTEGER) AS served,
          sum((outcome = 'no_show')::INTEGER) AS no_shows,
          count(wait_s) AS nw, sum(wait_s) AS wsum, max(wait_s) AS wmax,
          sum(within_target::INTEGER) AS within, count(within_target) AS judged,
          count(service_s) AS sn, sum(service_s) AS ssum,
          count(score) AS rated, sum(score) AS rsum, sum((score >= {SATISFIED})::INTEGER) AS happy,
          {"min(day)" if days else "NULL::DATE"} AS d0, {"max(day)" if days else "NULL::DATE"} AS d1
        FROM {source(by, period)} GROUP BY ALL""",
        f"""CREATE OR REPLACE TEMP TABLE lv AS
        SELECT g, centre, GROUPING(g) AS ga, GROUPING(centre) AS gc, bucket, {sums}
        FROM p GROUP BY GROUPING SETS ({_sets(by, "bucket")})""",
    ]


# Each level's minute of its two middle waits and its 90th percentile, and the rank wanted
# within that minute (r_in: 0-based, among the waits of that minute).
CRITICAL = """CREATE OR REPLACE TEMP TABLE crit AS
WITH w AS (
  SELECT g, centre, ga, gc, bucket, nw,
    coalesce(sum(nw) OVER (PARTITION BY g, centre, ga, gc ORDER BY bucket
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below,
    sum(nw) OVER (PARTITION BY g, centre, ga, gc) AS waits
  FROM lv WHERE nw > 0
), r AS (
  SELECT g, centre, ga, gc, unnest(['low', 'high', 'p90']) AS which,
    unnest([(waits - 1) // 2, waits // 2, (9 * waits + 9) // 10 - 1]) AS rank
  FROM (SELECT DISTINCT g, centre, ga, gc, waits FROM w)
)
SELECT r.g, r.centre, r.ga, r.gc, r.which, w.bucket, r.rank - w.below AS r_in
FROM r JOIN w ON w.g IS NOT DISTINCT FROM r.g AND w.centre IS NOT DISTINCT FROM r.centre
  AND w.ga = r.ga AND w.gc = r.gc AND r.rank >= w.below AND r.rank < w.below + w.nw
"""


def second_pass(by: By, period: bool) -> list[str]:
    """The waits per second in the minutes some level needs (`e`), then each level's
    middle waits and 90th percentile (`v`)."""
    # The (group, centre, minute) cells whose waits any level's critical minute includes.
    need = """CREATE OR REPLACE TEMP TABLE need AS
    SELECT DISTINCT k.g, k.centre, k.bucket
    FROM (SELECT DISTINCT g, centre, bucket FROM p WHERE nw > 0) k JOIN crit c
      ON c.bucket = k.bucket AND (c.ga = 1 OR c.g IS NOT DISTINCT FROM k.g)
      AND (c.gc = 1 OR c.centre IS NOT DISTINCT FROM k.centre)"""
    exact = f"""CREATE OR REPLACE TEMP TABLE e AS
    SELECT s.g, s.centre, s.wait_s // {BUCKET_S} AS bucket, s.wait_s, count(*) AS n
    FROM {source(by, period)} s SEMI JOIN need
      ON s.g IS NOT DISTINCT FROM need.g AND s.centre IS NOT DISTINCT FROM need.centre
      AND s.wait_s // {BUCKET_S} = need.bucket
    GROUP BY ALL"""
    matched = " UNION ALL ".join(
        f"""SELECT c.g, c.centre, c.ga, c.gc, c.which, c.r_in, e.wait_s, e.n
        FROM crit c JOIN e ON e.bucket = c.bucket AND {match}
        WHERE c.ga = {ga} AND c.gc = {gc}"""
        for (ga, gc), match in _MATCH.items()
    )
    values = f"""CREATE OR REPLACE TEMP TABLE v AS
    WITH m AS (
      SELECT g, centre, ga, gc, which, r_in, wait_s, sum(n) AS n FROM ({matched}) GROUP BY ALL
    ), cum AS (
      SELECT *, sum(n) OVER (PARTITION BY g, centre, ga, gc, which ORDER BY wait_s) AS seen
      FROM m
    )
    SELECT g, centre, ga, gc,
      min(wait_s) FILTER (which = 'low' AND seen > r_in) AS low,
      min(wait_s) FILTER (which = 'high' AND seen > r_in) AS high,
      min(wait_s) FILTER (which = 'p90' AND seen > r_in) AS p90
    FROM cum GROUP BY g, centre, ga, gc"""
    return [need, exact, values]


def figures(by: By) -> str:
    """One row per level: its keys, then the figures in the order of Figures."""
    label = "strftime(t.g, '%Y-%m')" if by == "month" else "t.g"
    return f"""
    WITH t AS (
      SELECT g, centre, ga, gc, sum(n) AS n, sum(served) AS served, sum(no_shows) AS no_shows,
        sum(nw) AS nw, sum(wsum) / nullif(sum(nw), 0) AS wmean, max(wmax) AS wmax,
        sum(within) AS within, sum(judged) AS judged, sum(sn) AS sn,
        sum(ssum) / nullif(sum(sn), 0) AS smean, sum(rated) AS rated,
        sum(rsum) / nullif(sum(rated), 0) AS score, sum(happy) AS happy,
        min(d0) AS d0, max(d1) AS d1
      FROM lv GROUP BY g, centre, ga, gc
    )
    SELECT {label}, t.centre, {"1" if by == "centre" else "t.ga"}, t.gc, t.n, t.served,
      t.no_shows, t.nw, t.wmean, (v.low + v.high) / 2, v.p90, t.wmax, t.within, t.judged,
      t.sn, t.smean, t.rated, t.score, t.happy, t.d0, t.d1
    FROM t LEFT JOIN v ON v.g IS NOT DISTINCT FROM t.g
      AND v.centre IS NOT DISTINCT FROM t.centre AND v.ga = t.ga AND v.gc = t.gc
    """


def statements(by: By, period: bool, days: bool) -> list[str]:
    """Every statement before `figures`, in order (`days`: count the first and last day)."""
    return [*first_pass(by, period, days), CRITICAL, *second_pass(by, period)]
