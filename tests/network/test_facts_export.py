"""`rinda export facts` of a hand-made day, read back with DuckDB: every column of every
visit as worked out by hand, a transfer as two rows, and nothing that names a person."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from server.network import facts_schema as fs
from server.reports.engine import build_reports
from tests.network.facts_log import EXPECTED, D, centre, described, read
from tests.reports.helpers import local
from tests.reports_cli.run import rinda

Day = tuple[Path, dict[str, str]]


def export(
    capsys: pytest.CaptureFixture[bytes], db: Path, centre: Path, out: Path, *more: str
) -> str:
    said = rinda(
        capsys, "export", "facts", "--db", str(db), "--config", str(centre),
        "--from", "2026-11-02", "--to", "2026-11-02", "-o", str(out), *more,
    )  # fmt: skip
    assert said.code == 0, said.err
    assert said.out == b""
    return said.err


async def test_every_column_of_every_visit_is_the_hand_computed_one(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "testa-2026-11.parquet"
    said = export(capsysbinary, day_db[0], centre_file, out)
    assert said == f"wrote 6 visits of testa to {out}\n"
    assert described(out) == [(c.name, c.described) for c in fs.COLUMNS]
    got = read(out)
    for row, want in zip(got, EXPECTED, strict=True):
        assert row == want


async def test_a_transferred_ticket_is_two_visits_like_in_the_report(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "facts.parquet"
    export(capsysbinary, day_db[0], centre_file, out)
    legs = [(r["leg"], r["service"], r["outcome"]) for r in read(out) if r["hour"] == 10]
    assert legs == [(0, "tax", "transferred"), (1, "social", "served")]


async def test_no_column_holds_a_ticket_counter_clerk_device_or_booking(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    db, tickets = day_db
    out = tmp_path / "facts.parquet"
    export(capsysbinary, db, centre_file, out)
    texts = {v for row in read(out) for v in row.values() if isinstance(v, str)}
    # Only ids of the centre, its services and institutions, the outcomes and a reason.
    assert texts == {"testa", "social", "tax", "muni", "vid", "served", "transferred", "no_show",
                     "unserved", "not_helped"}  # fmt: skip
    personal = {*tickets.values(), "anna", "K1", "1", "2", "3", "k1", "m1", "t", "phone", "exit"}
    assert not texts & personal
    assert set(fs.NAMES).isdisjoint({"ticket", "number", "counter", "clerk", "token", "note"})


async def test_the_files_figures_are_the_centres_report_figures(
    capsysbinary: pytest.CaptureFixture[bytes], day_db: Day, centre_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "facts.parquet"
    export(capsysbinary, day_db[0], centre_file, out)
    report = build_reports(day_db[0], centre(), D, D, ["service"], now=local(D + timedelta(1), 9))
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT service, count(*), count(*) FILTER (outcome = 'served'), "
            "avg(within_target::INT), count(score), avg(score) FROM read_parquet(?) "
            "GROUP BY service ORDER BY service",
            [str(out)],
        ).fetchall()
    figures = [
        (f.key, f.tickets, f.served, f.within_target, f.feedback.rated - f.feedback.anonymous,
         f.feedback.score_mean)
        for f in report[0].rows
        if f.key  # the anonymous rating's own group is no visit
    ]  # fmt: skip
    assert rows == figures
