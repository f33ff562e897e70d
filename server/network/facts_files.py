"""Which facts files a network report reads, and whether it can read them: the globs given
on the command line expanded into files, then every file checked before any figure is read
(it is Parquet, has the columns of server/network/facts_schema.py and a version this Rinda
knows), so a report is made from all the files given or refused naming the one that is not
right, never made from some of them.

The checks read only the files' footers (Parquet keeps the schema and each row group's
smallest and largest version there), not their rows: 900 files are checked in a fraction of
a second.
"""

from __future__ import annotations

import glob
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from server.network import facts_schema as fs
from server.protocol.codec import excerpt

# A path is quoted back up to this long (escaped: it is what was typed, or a file's name).
PATH_SHOWN = 200
# DuckDB's own explanation of an unreadable file is quoted up to this long.
WHY_SHOWN = 160


class FactsError(Exception):
    """The files cannot be read as facts; the message is one line for a person."""


def shown(path: str | Path) -> str:
    return excerpt(str(path), PATH_SHOWN)


def expand(patterns: Sequence[str]) -> list[str]:
    """The files the command line names, each once, in the order given (a glob's matches in
    name order). A pattern matching nothing, or a path that is not a file, is refused."""
    files: list[str] = []
    for given in patterns:
        pattern = os.path.expanduser(given)
        if glob.has_magic(pattern):
            matches = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
            if not matches:
                raise FactsError(f"{shown(pattern)} matches no file")
            files.extend(matches)
        elif Path(pattern).is_dir():
            raise FactsError(f"{shown(pattern)} is a folder: give its files ({shown(pattern)}/*)")
        elif not Path(pattern).is_file():
            raise FactsError(f"{shown(pattern)}: no such file")
        else:
            files.append(pattern)
    once: dict[str, str] = {}  # however named: ./a.parquet and a.parquet are one file
    for f in files:
        once.setdefault(os.path.realpath(f), f)
    return list(once.values())


def why(e: duckdb.Error) -> str:
    """The first line of DuckDB's message, without its "Invalid Input Error:" prefix."""
    first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return excerpt(first.split(": ", 1)[-1], WHY_SHOWN)


def _not_parquet(con: duckdb.DuckDBPyConnection, files: list[str], e: duckdb.Error) -> FactsError:
    """The error naming the first file DuckDB cannot read as Parquet (the one call for all
    the files failed: find which)."""
    for f in files:
        try:
            con.execute("SELECT count(*) FROM parquet_file_metadata(?)", [f]).fetchall()
        except duckdb.Error as one:
            return FactsError(f"{shown(f)} is not a Parquet file DuckDB can read: {why(one)}")
    return FactsError(f"the files cannot be read: {why(e)}")


@dataclass
class _Footer:
    """What a file's footer says of its rows: the versions, the days and the centres of its
    row groups (days and centres only as far as every row group kept statistics)."""

    versions: set[int] = field(default_factory=set)
    days: list[date] = field(default_factory=list)
    centres: set[str] = field(default_factory=set)
    complete: bool = True  # every row group kept statistics of its days and centres
    versions_known: bool = True


def _footers(con: duckdb.DuckDBPyConnection, files: list[str]) -> dict[str, _Footer]:
    """Each file's footer, from its row groups' statistics. The versions of a file whose
    writer kept no statistics of them are read from its rows."""
    rows = con.execute(
        "SELECT file_name, path_in_schema, stats_min_value, stats_max_value "
        "FROM parquet_metadata(?) WHERE path_in_schema IN ('version', 'day', 'centre')",
        [files],
    ).fetchall()
    footers = {f: _Footer() for f in files}
    for name, column, low, high in rows:
        footer = footers[name]
        try:
            if column == "day":
                footer.days.extend(date.fromisoformat(x) for x in (low, high))
            elif column == "centre":
                if low is None or high is None:
                    raise ValueError
                footer.centres.update({low, high})
            else:
                footer.versions.update({int(low), int(high)})
        except (TypeError, ValueError):  # no statistics, or not of the column's type
            if column == "version":
                footer.versions_known = False
            else:
                footer.complete = False
    for name, footer in footers.items():
        if footer.versions_known:
            continue
        try:
            found = con.execute(
                "SELECT DISTINCT TRY_CAST(version AS BIGINT) FROM read_parquet(?)", [name]
            ).fetchall()
        except duckdb.Error:
            continue  # no version column: the column check names it
        footer.versions.update(int(v) for (v,) in found if v is not None)
    return footers


def _overlap(footers: dict[str, _Footer]) -> None:
    """Refuse two files with visits of one centre on the same days (an export given twice,
    under two names): they would count those visits twice. Only files of one centre whose
    footers say their days can be compared so; others are taken as they are."""
    spans: dict[str, list[tuple[date, date, str]]] = {}
    for name, f in footers.items():
        if f.complete and f.days and len(f.centres) == 1:
            spans.setdefault(next(iter(f.centres)), []).append((min(f.days), max(f.days), name))
    for centre, files in spans.items():
        files.sort()
        for (_, end, before), (start, _, after) in itertools.pairwise(files):
            if start <= end:
                raise FactsError(
                    f"{shown(before)} and {shown(after)} both hold visits of centre "
                    f"{excerpt(centre, 40)} from {start} to {min(end, max(footers[after].days))}: "
                    "each centre's days must be in one file only (else they count twice)"
                )


def check(con: duckdb.DuckDBPyConnection, files: list[str]) -> tuple[date, date] | None:
    """Raise FactsError naming the first file that is not a facts file this Rinda reads
    (and how many more are not), or two files that hold the same visits; else the first
    and last day of the files, if their footers say."""
    try:
        schema = con.execute(
            "SELECT file_name, list(name || ':' || type || ':' || coalesce(logical_type, '') "
            "ORDER BY name) FROM parquet_schema(?) GROUP BY file_name",
            [files],
        ).fetchall()
        footers = _footers(con, files)
    except duckdb.Error as e:
        raise _not_parquet(con, files, e) from None
    # One DESCRIBE per distinct schema (every file of a network usually has the same one).
    described: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    by_file = {name: tuple(sig) for name, sig in schema}
    bad: list[tuple[str, list[str]]] = []
    for f in files:
        sig = by_file.get(f, ())
        if sig not in described:
            rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [f]).fetchall()
            described[sig] = [(str(r[0]), str(r[1])) for r in rows]
        found = fs.problems(described[sig], sorted(footers[f].versions))
        if found:
            bad.append((f, found))
    if bad:
        f, found = bad[0]
        more = f" (and {len(bad) - 1} more files)" if len(bad) > 1 else ""
        raise FactsError(
            f"{shown(f)} is not a facts file this Rinda reads: {'; '.join(found[:3])}{more}"
        )
    _overlap(footers)
    if not all(f.complete for f in footers.values()):
        return None
    days = [d for f in footers.values() for d in f.days]
    return (min(days), max(days)) if days else None
