"""The XLSX writer, on reports built by hand: sheets, header, formats, and the native charts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from server.reports.xlsx_out import write_xlsx
from tests.reports_cli.samples import by_hour, by_service, by_weekday, figures, report
from tests.reports_cli.xlsx_read import charts


def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "report.xlsx"
    write_xlsx([by_service(), by_hour(), by_weekday()], path)
    return path


def row(ws: Worksheet, n: int) -> dict[str, object]:
    head = [c.value for c in ws[1]]
    return dict(zip(head, [c.value for c in ws[n]], strict=True))


def test_a_sheet_per_grouping_with_a_bold_frozen_header(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook(tmp_path))
    assert wb.sheetnames == ["service", "hour", "weekday"]
    for ws in wb:
        assert ws.freeze_panes == "C2"  # the header row, and the key and label columns
        assert all(c.font.b for c in ws[1])
        assert [c.value for c in ws[1]][:4] == ["key", ws.title, "tickets", "served"]
    ws = wb["service"]
    assert ws.max_row == 5  # header, three services, total
    assert ws["B5"].value == "Kopā" and ws["B5"].font.b and not ws["B2"].font.b
    assert ws.column_dimensions["B"].width >= len("Pases un ID kartes")


def test_figures_are_numbers_with_formats(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook(tmp_path))["service"]
    passports = row(ws, 2)
    assert passports["tickets"] == 40
    assert passports["wait mean (min)"] == pytest.approx(754 / 60)  # minutes, as in the CSV
    assert passports["within target %"] == 0.875
    social = row(ws, 3)
    assert social["wait mean (min)"] is None
    head = [c.value for c in ws[1]]
    fmt = {name: ws.cell(row=2, column=i + 1).number_format for i, name in enumerate(head)}
    assert fmt["tickets"] == "0"
    assert fmt["wait p90 (min)"] == "0.0"
    assert fmt["within target %"] == "0%"
    assert fmt["arrivals per hour"] == "0.0"
    # Told 10 min, waited 12:34: the bias, +2:34, in minutes with its sign shown.
    assert passports["told waits"] == 20
    assert passports["told error mean (min)"] == pytest.approx(200 / 60)
    assert passports["told bias (min)"] == pytest.approx(154 / 60)
    assert passports["told close %"] == 0.8
    assert fmt["told bias (min)"] == "+0.0;-0.0;0.0"
    assert fmt["told close %"] == "0%"
    assert (social["told waits"], social["told bias (min)"]) == (0, None)  # told nothing


def test_a_label_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook(tmp_path))["service"]
    assert ws["B4"].value == '=HYPERLINK("http://x")'
    assert ws["B4"].data_type == "s"


def test_native_charts_waits_by_hour_and_arrivals_by_weekday(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    found = {c.sheet: c for c in charts(path)}
    assert set(found) == {"hour", "weekday"}
    hour = found["hour"]
    assert (hour.kind, hour.title) == ("lineChart", "Waits by hour")
    # Mean and p90 wait (columns J and L), one point per hour row (2-11), hours as labels.
    assert hour.series_names == ["'hour'!J1", "'hour'!L1"]
    assert hour.values == ["'hour'!$J$2:$J$11", "'hour'!$L$2:$L$11"]
    assert hour.categories == ["'hour'!$B$2:$B$11"] * 2
    ws = openpyxl.load_workbook(path)["hour"]
    assert (ws["J1"].value, ws["L1"].value) == ("wait mean (min)", "wait p90 (min)")
    assert ws["B2"].value == "08:00" and ws["J11"].value == 17.0
    weekday = found["weekday"]
    assert (weekday.kind, weekday.title) == ("barChart", "Arrivals by weekday")
    assert weekday.values == ["'weekday'!$C$2:$C$6"]  # tickets, Monday to Friday
    assert weekday.categories == ["'weekday'!$B$2:$B$6"]


def test_openpyxl_loads_the_charts_back(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook(tmp_path))
    # openpyxl (3.1) reads a sheet's charts into `_charts` on load; there is no public name.
    assert {ws.title: len(ws._charts) for ws in wb.worksheets} == {
        "service": 0,
        "hour": 1,
        "weekday": 1,
    }
    (line,) = wb.worksheets[1]._charts
    assert [s.val.numRef.f for s in line.series] == ["'hour'!$J$2:$J$11", "'hour'!$L$2:$L$11"]


def test_control_characters_in_a_name_do_not_break_the_workbook(tmp_path: Path) -> None:
    path = tmp_path / "clerks.xlsx"
    write_xlsx([report("clerk", [figures("anna", "Anna\x00\x1b[2J\nB", 3)])], path)
    assert openpyxl.load_workbook(path)["clerk"]["B2"].value == "Anna\ufffd\ufffd[2J\ufffdB"


def test_the_workbook_says_its_period(tmp_path: Path) -> None:
    """The centre, the period and when it was made: the workbook's title and every sheet's
    page header (the rows stay a table with its header first)."""
    wb = openpyxl.load_workbook(workbook(tmp_path))
    said = "Valmieras VPVKAC: 2026-11-02 – 2026-11-08 (2026-11-09 07:30 UTC)"
    assert wb.properties.title == said
    for ws in wb:
        assert ws.oddHeader.center.text == said
