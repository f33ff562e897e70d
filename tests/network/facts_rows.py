"""Small facts files for the network report's tests, written by DuckDB from the schema module
(server/network/facts_schema.py): a visit is a dict of the columns, every one filled with a
plain default unless the test says otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from server.network import facts_schema as fs


def visit(**given: Any) -> dict[str, Any]:
    """One row: served at centre "riga" for service "passports" (target 15 min) unless
    `given` says otherwise; within_target follows the wait and the target."""
    day = given.get("day", date(2025, 1, 6))
    issued = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=7)
    row: dict[str, Any] = {
        "version": fs.VERSION,
        "centre": "riga",
        "day": day,
        "hour": 9,
        "service": "passports",
        "institution": "pmlp",
        "priority": False,
        "appointment": False,
        "leg": 0,
        "issued": issued,
        "called": None,
        "served": None,
        "finished": None,
        "wait_s": None,
        "service_s": None,
        "target_s": 900,
        "within_target": None,
        "outcome": "served",
        "score": None,
        "reason": None,
    }
    row.update(given)
    if row["wait_s"] is not None and "within_target" not in given:
        row["within_target"] = row["wait_s"] <= row["target_s"]
    assert set(row) == set(fs.NAMES), "a visit has exactly the schema's columns"
    return row


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    """`rows` as a Parquet file of the schema's columns, in order and types."""
    con = duckdb.connect()
    con.execute(fs.create_table("facts"))
    marks = ", ".join("?" for _ in fs.NAMES)
    if rows:  # DuckDB refuses an empty executemany
        values = [[r[n] for n in fs.NAMES] for r in rows]
        con.executemany(f"INSERT INTO facts VALUES ({marks})", values)
    con.execute(f"COPY facts TO '{path}' (FORMAT parquet)")
    con.close()
    return path
