"""`rinda report` end to end on the simulated week (tests/reports_cli/week.py), whose figures
were worked out by hand: the table, a CSV and an XLSX read back, and JSON."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import msgspec
import openpyxl
import pytest

from server.protocol.reports import GROUPINGS, Report
from tests.reports_cli.run import Said, rinda
from tests.reports_cli.xlsx_read import charts

WEEK = ("--from", "2026-11-02", "--to", "2026-11-08")


def report(capsys: pytest.CaptureFixture[bytes], db: Path, centre: Path, *more: str) -> Said:
    return rinda(capsys, "report", *WEEK, "--db", str(db), "--config", str(centre), *more)


def test_the_table_per_service(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path
) -> None:
    said = report(capsysbinary, week, centre)
    assert said.code == 0, said.err
    lines = said.out.decode().splitlines()
    # Made at 07:00 UTC: 09:00 on the centre's clock (Europe/Riga).
    assert lines[:2] == [
        "Testa centrs",
        "by service, 2026-11-02 to 2026-11-08 (made 2026-11-09 09:00)",
    ]
    rows = {line[:20].strip(): line[20:].split() for line in lines[6:] if line[:1].isalpha()}
    # taken, served, no-shows, transfers, cancelled, unserved; wait mean, median, p90, max
    # Social: 40 waits of 5..9 min (8 each day) and Monday's two of 0: mean 6:40.
    assert rows["Sociālie pakalpojumi"][:10] == [
        "42", "42", "0", "0", "0", "0", "6:40", "7:00", "9:00", "9:00",
    ]  # fmt: skip
    # Tax: 40 waits of 2 min and Wednesday's no-show called after 1 min.
    assert rows["Nodokļi"][:7] == ["41", "40", "1", "0", "0", "0", "1:59"]
    assert rows["Kopā"][:3] == ["83", "82", "1"]


def test_the_table_by_weekday_in_english(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path
) -> None:
    said = report(capsysbinary, week, centre, "--by", "weekday", "--lang", "en")
    assert said.code == 0, said.err
    taken = {
        line.split()[0]: int(line.split()[1])
        for line in said.out.decode().splitlines()[6:]
        if line.split()[0].endswith("day")
    }
    # The weekend was open (08:00-18:00 every day) and nobody came: rows of 0, not left out.
    assert taken == {"Monday": 18, "Tuesday": 16, "Wednesday": 17, "Thursday": 16, "Friday": 16,
                     "Saturday": 0, "Sunday": 0}  # fmt: skip


def test_a_csv_file_for_excel(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    out = tmp_path / "week.csv"
    said = report(capsysbinary, week, centre, "--format", "csv", "--output", str(out))
    assert said.code == 0, said.err
    assert said.out == b""
    assert said.err == f"wrote the report (service) to {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    by = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by) == {"Sociālie pakalpojumi", "Nodokļi", "Kopā"}
    social = by["Sociālie pakalpojumi"]
    assert (social["key"], social["tickets"], social["served"]) == ("social", "42", "42")
    assert social["wait mean (min)"] == "6,67"
    assert social["service time mean (min)"] == "10,00"
    assert by["Nodokļi"]["no-shows"] == "1"
    assert by["Kopā"]["tickets"] == "83"
    assert list(tmp_path.glob(".*partial")) == []


def test_csv_with_decimal_points_to_stdout(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path
) -> None:
    said = report(capsysbinary, week, centre, "--format", "csv", "--decimal-point")
    assert said.code == 0, said.err
    rows = list(csv.reader(io.StringIO(said.out.decode("utf-8-sig"), newline=""), delimiter=","))
    social = dict(zip(rows[0], rows[1], strict=True))
    assert social["wait mean (min)"] == "6.67"


def test_an_xlsx_workbook_with_its_charts(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    out = tmp_path / "week.xlsx"
    said = report(capsysbinary, week, centre, "--format", "xlsx", "-o", str(out))
    assert said.code == 0, said.err
    wb = openpyxl.load_workbook(out)
    # Every grouping but the clerk's: per-clerk figures are off in this centre.
    assert wb.sheetnames == [by for by in GROUPINGS if by != "clerk"]
    weekday = wb["weekday"]
    assert [weekday.cell(row=r, column=3).value for r in range(2, 7)] == [18, 16, 17, 16, 16]
    hour = wb["hour"]
    assert hour["B2"].value == "09:00–10:00" and hour["B10"].value == "17:00–18:00"
    assert hour["J10"].value == pytest.approx(20 / 60)  # 17:00: waits 0, 0 and 1 min
    found = {c.sheet: c for c in charts(out)}
    assert set(found) == {"hour", "weekday"}
    assert found["hour"].values == ["'hour'!$J$2:$J$10", "'hour'!$L$2:$L$10"]
    assert found["weekday"].values == ["'weekday'!$C$2:$C$8"]  # the open weekend too
    assert {ws.title: len(ws._charts) for ws in wb.worksheets if ws._charts} == {
        "hour": 1,
        "weekday": 1,
    }


def test_the_clerk_sheet_when_the_centre_allows_it(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    centre.write_text(centre.read_text() + "\n[reports]\nper_clerk = true\n", encoding="utf-8")
    out = tmp_path / "week.xlsx"
    said = report(capsysbinary, week, centre, "--format", "xlsx", "-o", str(out))
    assert said.code == 0, said.err
    assert openpyxl.load_workbook(out).sheetnames == list(GROUPINGS)


def test_an_xlsx_is_not_written_to_a_terminal_but_may_be_piped(
    capsysbinary: pytest.CaptureFixture[bytes],
    week: Path,
    centre: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    piped = report(capsysbinary, week, centre, "--format", "xlsx", "--by", "hour")
    assert piped.code == 0 and piped.out.startswith(b"PK")  # a zip: the workbook
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    said = report(capsysbinary, week, centre, "--format", "xlsx")
    assert said.code == 2 and said.out == b""
    assert said.err == "rinda: an XLSX workbook is not for a terminal: give --output FILE\n"


def test_json_is_the_report_list(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path
) -> None:
    said = report(capsysbinary, week, centre, "--format", "json", "--by", "day")
    assert said.code == 0, said.err
    (r,) = msgspec.json.decode(said.out, type=list[Report])
    assert r.by == "day" and [f.tickets for f in r.rows] == [18, 16, 17, 16, 16, 0, 0]


def test_the_total_row_is_found_by_its_own_key(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, tmp_path: Path
) -> None:
    """Nobody chose a priority: the week is one "no priority" group, whose key is empty. The
    total's key is "*", in the CSV and in the workbook, so a script finding the total by its
    key finds it alone."""
    said = report(capsysbinary, week, centre, "--by", "priority", "--format", "csv", "--lang", "en")
    assert said.code == 0, said.err
    rows = list(csv.reader(io.StringIO(said.out.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("", "no priority", "83"),
        ("*", "Total", "83"),
    ]
    out = tmp_path / "week.xlsx"
    said = report(capsysbinary, week, centre, "--by", "priority", "-o", str(out), "--lang", "en")
    assert said.code == 0, said.err
    ws = openpyxl.load_workbook(out)["priority"]
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (2, 3)] == [
        (None, "no priority"),
        ("*", "Total"),
    ]


@pytest.mark.parametrize(
    ("by", "kept"),
    [
        ("service", ["taken", "served", "no-show", "unserved", "mean", "p90"]),
        ("hour", ["taken", "served", "no-show", "unserved", "mean", "p90", "per hour"]),
    ],
)
def test_a_table_in_an_80_column_terminal(
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    week: Path,
    centre: Path,
    by: str,
    kept: list[str],
) -> None:
    """Everything fits, title included; no-shows and unserved stay beside the waits they are
    read with, arrivals per hour stays in the hour table; the note names what was left out
    as the table's own headers would."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((80, 24)))
    said = report(capsysbinary, week, centre, "--by", by)
    assert said.code == 0, said.err
    lines = said.out.decode().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[1] == f"by {by}, 2026-11-02 to 2026-11-08 (made 2026-11-09 09:00)"
    header = lines[4]
    assert all(name in header for name in kept)
    note = " ".join(lines[lines.index(next(x for x in lines if x.startswith("Left out"))) :])
    assert "wait median" in note and "(min)" not in note


@pytest.mark.parametrize(("day", "taken"), [("mon", 18), ("1", 18), ("WED", 17), ("5", 16)])
def test_only_one_weekday_of_the_period(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, day: str, taken: int
) -> None:
    said = report(capsysbinary, week, centre, "--weekday", day, "--by", "weekday", "--lang", "en")
    assert said.code == 0, said.err
    lines = said.out.decode().splitlines()
    name = {"mon": "Monday", "1": "Monday", "WED": "Wednesday", "5": "Friday"}[day]
    assert lines[1] == f"by weekday, {name}s from 2026-11-02 to 2026-11-08 (made 2026-11-09 09:00)"
    rows = [line.split()[:2] for line in lines[6:] if line[:1].isalpha()]
    assert rows == [[name, str(taken)], ["Total", str(taken)]]


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("sat", "rinda: No ticket was taken from 2026-11-02 to 2026-11-08 on a Saturday.\n"),
        (
            "8",
            'rinda report: argument --weekday: "8" is not a weekday: 1 (Monday) to 7 (Sunday), '
            "or mon to sun (see --help)\n",
        ),
        (
            "monday",
            'rinda report: argument --weekday: "monday" is not a weekday: 1 (Monday) to 7 '
            "(Sunday), or mon to sun (see --help)\n",
        ),
    ],
)
def test_a_weekday_with_nothing_or_no_weekday_at_all(
    capsysbinary: pytest.CaptureFixture[bytes], week: Path, centre: Path, day: str, said: str
) -> None:
    got = report(capsysbinary, week, centre, "--weekday", day)
    assert (got.code, got.err, got.out) == (2, said, b"")
