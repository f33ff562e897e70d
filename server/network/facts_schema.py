"""THE column definition of a centre's anonymous facts file (docs/facts.md): one row per visit.

The export (`rinda export facts`, `rinda simulate --facts`), the network report and the
benchmark's generator all take the columns from here, so a file one of them writes is a file
the others read. Version 1 is a promise: a later version may add columns at the end, never
rename, retype, reorder or drop one, nor change what a value means; anything else is a new
version number, and a reader refuses a version it does not know (`problems`).
"""

from __future__ import annotations

from typing import NamedTuple

VERSION = 1

# A visit's outcome, as the centre's report counts it (server/reports/visits.py).
OUTCOMES = ("served", "no_show", "transferred", "cancelled", "unserved")


class Column(NamedTuple):
    name: str
    sql: str  # the type in a DuckDB CREATE TABLE
    described: str  # the type as DuckDB's DESCRIBE names it when reading the Parquet file
    nullable: bool
    meaning: str  # one line; docs/facts.md says more


def _c(name: str, sql: str, meaning: str, *, null: bool = False, described: str = "") -> Column:
    return Column(name, sql, described or sql, null, meaning)


_TS = "TIMESTAMP WITH TIME ZONE"

COLUMNS: tuple[Column, ...] = (
    _c("version", "INTEGER", "the version of these columns: 1"),
    _c("centre", "VARCHAR", "the centre's id ([centre] id in its config)"),
    _c("day", "DATE", "the local service day"),
    _c("hour", "TINYINT", "the local hour the visit joined the queue (0-23)"),
    _c("service", "VARCHAR", "the service's id"),
    _c("institution", "VARCHAR", "the service's institution id (empty: none)"),
    _c("priority", "BOOLEAN", "the visitor chose a priority class"),
    _c("appointment", "BOOLEAN", "the check-in visit of an appointment"),
    _c("leg", "SMALLINT", "0: the visit the ticket was taken for; +1 per transfer"),
    _c("issued", "TIMESTAMPTZ", "joined the queue", described=_TS),
    _c("called", "TIMESTAMPTZ", "first called", null=True, described=_TS),
    _c("served", "TIMESTAMPTZ", "began being served", null=True, described=_TS),
    _c("finished", "TIMESTAMPTZ", "the visit ended", null=True, described=_TS),
    _c("wait_s", "INTEGER", "the wait in seconds, as the report counts it", null=True),
    _c("service_s", "INTEGER", "the service time in seconds, as the report counts it", null=True),
    _c("target_s", "INTEGER", "the service's target wait in seconds"),
    _c("within_target", "BOOLEAN", "wait_s <= target_s (NULL: no wait)", null=True),
    _c("outcome", "VARCHAR", "served, no_show, transferred, cancelled or unserved"),
    _c("score", "TINYINT", "the visitor's rating, 1-5", null=True),
    _c("reason", "VARCHAR", "the rating's reason id", null=True),
)

NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


def create_table(table: str) -> str:
    """DuckDB DDL for a table of these columns, in order, NOT NULL where never empty."""
    cols = ", ".join(f"{c.name} {c.sql}{'' if c.nullable else ' NOT NULL'}" for c in COLUMNS)
    return f"CREATE TABLE {table} ({cols})"


def problems(described: list[tuple[str, str]], versions: list[int]) -> list[str]:
    """What keeps a file from being read as these columns, from DuckDB's DESCRIBE of it
    ((name, type) pairs) and the distinct values of its version column; empty: readable.
    Extra columns after ours are allowed (a later version may add some); a version above
    ours is refused, since its values may mean something this code does not know."""
    out = [
        f"version {v} is not one this Rinda reads (it reads {VERSION})"
        for v in versions
        if v != VERSION
    ]
    types = dict(described)
    for c in COLUMNS:
        found = types.get(c.name)
        if found is None:
            out.append(f"column {c.name} is missing")
        elif found != c.described:
            out.append(f"column {c.name} is {found}, not {c.described}")
    return out
