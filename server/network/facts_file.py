"""Writing a facts file (docs/facts.md): the rows of server/network/facts_rows.py, loaded by
DuckDB in one statement and copied to Parquet.

Nothing is left half-written and no file is replaced unasked: the rows and the Parquet file
are made in a temporary folder beside the output, and the finished file is then linked in
under its name (which fails if a file took that name meanwhile) or, with `replace`, renamed
over it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from server.network import facts_schema as fs
from server.protocol.codec import excerpt

# A path or a DuckDB message is quoted back at most this long.
SHOWN = 200


class FactsFileError(Exception):
    """The facts file cannot be written; one line for a person."""


def check_output(path: Path, *, replace: bool) -> None:
    """Refuse, before any work, an output that is a folder, or a file that exists unless
    `replace`, or one in a folder that does not exist."""
    shown = excerpt(str(path), SHOWN)
    if path.is_dir():
        raise FactsFileError(f"{shown} is a folder: give a file name")
    if path.exists() and not replace:
        raise FactsFileError(f"{shown} exists: give another name, or --force to replace it")
    if not path.parent.is_dir():
        raise FactsFileError(f"there is no folder {excerpt(str(path.parent), SHOWN)}")


def _csv_types() -> str:
    """read_csv's column types: timestamps arrive as microseconds (facts_rows.micros)."""
    return ", ".join(
        f"'{c.name}': '{'BIGINT' if c.sql == 'TIMESTAMPTZ' else c.sql}'" for c in fs.COLUMNS
    )


def _select() -> str:
    def value(c: fs.Column) -> str:
        if c.sql == "TIMESTAMPTZ":
            return f"make_timestamp({c.name}) AT TIME ZONE 'UTC'"
        if c.sql == "VARCHAR" and not c.nullable:
            return f"coalesce({c.name}, '')"  # an empty cell reads as NULL
        return c.name

    return ", ".join(value(c) for c in fs.COLUMNS)


def write_facts(
    lines: Iterable[str], path: Path, *, replace: bool = False, empty: Exception | None = None
) -> int:
    """Write the rows `lines` (facts_rows.FactRows.lines) to the Parquet file `path`; the
    number of rows written. With no rows, `empty` is raised instead if given (nothing is
    written)."""
    check_output(path, replace=replace)
    shown = excerpt(str(path), SHOWN)
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as tmp:
            rows, made = Path(tmp) / "facts.csv", Path(tmp) / "facts.parquet"
            n = 0
            with rows.open("w", encoding="utf-8", newline="") as f:
                for line in lines:
                    f.write(line)
                    n += 1
            if n == 0 and empty is not None:
                raise empty
            _convert(rows, made)
            _place(made, path, replace=replace)
    except FileExistsError:
        raise FactsFileError(
            f"{shown} appeared while the facts were written: left as it was"
        ) from None
    except OSError as e:
        raise FactsFileError(f"cannot write {shown}: {e.strerror}") from None
    return n


def _place(made: Path, path: Path, *, replace: bool) -> None:
    if replace:
        os.replace(made, path)
        return
    try:
        os.link(made, path)  # never over a file that took the name meanwhile
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (a FAT memory stick): checked, then renamed.
        if path.exists():
            raise FileExistsError(path) from None
        os.rename(made, path)


def _convert(rows: Path, made: Path) -> None:
    # Imported here: DuckDB takes a few tenths of a second to load, which `rinda simulate`
    # without --facts should not pay for checking its options.
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(fs.create_table("facts"))
        con.execute(
            f"INSERT INTO facts SELECT {_select()} FROM read_csv(?, header = false, "
            f"delim = ',', quote = '\"', escape = '\"', nullstr = '', auto_detect = false, "
            f"columns = {{{_csv_types()}}})",
            [str(rows)],
        )
        con.execute("COPY facts TO ? (FORMAT parquet, COMPRESSION zstd)", [str(made)])
    except duckdb.Error as e:
        first = (str(e).splitlines() or [type(e).__name__])[0]  # its later lines are hints
        raise FactsFileError(f"DuckDB could not write the facts: {excerpt(first, SHOWN)}") from None
    finally:
        con.close()
