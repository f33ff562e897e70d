"""The facts columns: a table made from them survives a Parquet round trip as the same types,
and a reader names what keeps a file from being read."""

from __future__ import annotations

from pathlib import Path

import duckdb

from server.network import facts_schema as fs


def _described(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[str, str]]:
    rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def test_an_empty_file_of_the_columns_reads_back_as_them(tmp_path: Path) -> None:
    path = tmp_path / "facts.parquet"
    con = duckdb.connect()
    con.execute(fs.create_table("facts"))
    con.execute(f"COPY facts TO '{path}' (FORMAT parquet)")
    described = _described(con, path)
    assert [name for name, _ in described] == list(fs.NAMES)
    assert fs.problems(described, [fs.VERSION]) == []


def test_a_newer_version_a_missing_column_and_a_retyped_one_are_named() -> None:
    described = [(c.name, c.described) for c in fs.COLUMNS if c.name != "reason"]
    described = [(n, "VARCHAR" if n == "wait_s" else t) for n, t in described]
    assert fs.problems(described, [1, 2]) == [
        "version 2 is not one this Rinda reads (it reads 1)",
        "column wait_s is VARCHAR, not INTEGER",
        "column reason is missing",
    ]


def test_columns_added_after_ours_do_not_stop_a_reader() -> None:
    described = [(c.name, c.described) for c in fs.COLUMNS] + [("later", "VARCHAR")]
    assert fs.problems(described, [1]) == []
