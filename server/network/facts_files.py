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
from collections.abc import Sequence
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
    for pattern in patterns:
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
    return list(dict.fromkeys(files))


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


def _footers(
    con: duckdb.DuckDBPyConnection, files: list[str]
) -> tuple[dict[str, set[int]], tuple[date, date] | None]:
    """Each file's versions, and the first and last day of all the files, from their row
    groups' statistics (None: some file kept no statistics of its days). The versions of a
    file whose writer kept no statistics are read from its rows."""
    rows = con.execute(
        "SELECT file_name, path_in_schema, stats_min_value, stats_max_value "
        "FROM parquet_metadata(?) WHERE path_in_schema IN ('version', 'day')",
        [files],
    ).fetchall()
    versions: dict[str, set[int]] = {f: set() for f in files}
    unknown: set[str] = set()
    days: list[date] = []
    days_known = True
    for name, column, low, high in rows:
        try:
            if column == "day":
                days.extend(date.fromisoformat(x) for x in (low, high))
            else:
                versions[name].update({int(low), int(high)})
        except (TypeError, ValueError):  # no statistics, or not of the column's type
            if column == "day":
                days_known = False
            else:
                unknown.add(name)
    for name in sorted(unknown):
        try:
            found = con.execute(
                "SELECT DISTINCT TRY_CAST(version AS BIGINT) FROM read_parquet(?)", [name]
            ).fetchall()
        except duckdb.Error:
            continue  # no version column: the column check names it
        versions[name].update(int(v) for (v,) in found if v is not None)
    return versions, (min(days), max(days)) if days_known and days else None


def check(con: duckdb.DuckDBPyConnection, files: list[str]) -> tuple[date, date] | None:
    """Raise FactsError naming the first file that is not a facts file this Rinda reads
    (and how many more are not); else the first and last day of the files, if their
    footers say."""
    try:
        schema = con.execute(
            "SELECT file_name, list(name || ':' || type || ':' || coalesce(logical_type, '') "
            "ORDER BY name) FROM parquet_schema(?) GROUP BY file_name",
            [files],
        ).fetchall()
        versions, days = _footers(con, files)
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
        found = fs.problems(described[sig], sorted(versions.get(f, set())))
        if found:
            bad.append((f, found))
    if bad:
        f, found = bad[0]
        more = f" (and {len(bad) - 1} more files)" if len(bad) > 1 else ""
        raise FactsError(
            f"{shown(f)} is not a facts file this Rinda reads: {'; '.join(found[:3])}{more}"
        )
    return days
