"""Which format a report or export is written in: --format, else the output file's extension,
and a one-line error (exit 2, nothing written) where the two disagree."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.reports_cli.run import rinda

WEEK = ["--from", "2026-11-02", "--to", "2026-11-08"]


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("november.xlsx", b"PK\x03\x04"),  # a zip: the workbook
        ("november.csv", "\ufeffkey;service;".encode()),
        ("november.json", b"[\n  {"),
        ("november.txt", b"Testa centrs"),
        ("november.report", b"Testa centrs"),  # no known extension: the table
    ],
)
def test_the_report_format_follows_the_file_name(
    capsysbinary: pytest.CaptureFixture[bytes],
    week: Path,
    centre: Path,
    tmp_path: Path,
    name: str,
    starts: bytes,
) -> None:
    out = tmp_path / name
    said = rinda(capsysbinary, "report", *WEEK, "--db", str(week), "--config", str(centre),
                 "-o", str(out))  # fmt: skip
    assert said.code == 0, said.err
    assert out.read_bytes().startswith(starts)
    if name.endswith(".xlsx"):
        assert "service" in openpyxl.load_workbook(out).sheetnames
    if name.endswith(".json"):
        assert json.loads(out.read_bytes())[0]["by"] == "service"


def test_the_export_format_follows_the_file_name(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    said = rinda(capsysbinary, "export", "events", *WEEK, "--db", str(week),
                 "--config", str(centre), "-o", str(out))  # fmt: skip
    assert said.code == 0, said.err
    assert json.loads(out.read_bytes().splitlines()[0])["seq"] == 1


@pytest.mark.parametrize(
    ("command", "more", "said"),
    [
        (
            ["report"],
            ["--format", "csv", "-o", "rep.xlsx"],
            "--format csv does not match --output rep.xlsx: leave out --format to write "
            "xlsx, or name the file .csv",
        ),
        (
            ["report"],
            ["-o", "rep.jsonl"],
            "--output rep.jsonl names a .jsonl file; this command writes table, csv, xlsx, json",
        ),
        (
            ["report"],
            ["--format", "json", "--decimal-point"],
            "--decimal-point applies to CSV only, not to json",
        ),
        (
            ["report"],
            ["-o", "rep.xlsx", "--decimal-point"],
            "--decimal-point applies to CSV only, not to xlsx",
        ),
        (
            ["export", "events"],
            ["--format", "jsonl", "-o", "events.csv"],
            "--format jsonl does not match --output events.csv: leave out --format to write "
            "csv, or name the file .jsonl",
        ),
        (
            ["export", "events"],
            ["-o", "events.xlsx"],
            "--output events.xlsx names a .xlsx file; this command writes csv, jsonl",
        ),
    ],
)
def test_a_format_the_file_name_contradicts_is_one_line(
    capsysbinary: pytest.CaptureFixture[bytes],
    week: Path,
    centre: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    more: list[str],
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    got = rinda(capsysbinary, *command, *WEEK, "--db", str(week), "--config", str(centre), *more)
    assert (got.code, got.err, got.out) == (2, f"rinda: {said}\n", b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centre.toml", "rinda.db"]
