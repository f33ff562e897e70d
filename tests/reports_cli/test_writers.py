"""The table, CSV and JSON writers, on reports built by hand (tests/reports_cli/samples.py)."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import msgspec

from server.protocol.reports import Report
from server.reports.csv_out import write_csv
from server.reports.json_out import to_json
from server.reports.table import clock, render
from tests.reports_cli.samples import NO_SPREAD, by_hour, by_service, figures, report

RIGA = ZoneInfo("Europe/Riga")


def csv_bytes(r: Report, *, decimal_point: bool = False) -> bytes:
    out = io.StringIO(newline="")
    write_csv(r, out, decimal_point=decimal_point)
    return out.getvalue().encode("utf-8")


def read_back(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_clock_is_minutes_and_seconds_then_hours() -> None:
    assert [clock(s) for s in (0, 59.4, 59.6, 754, 3599, 3600, 3725)] == [
        "0:00", "0:59", "1:00", "12:34", "59:59", "1:00:00", "1:02:05",
    ]  # fmt: skip


def test_the_table_has_a_row_per_group_a_total_and_readable_figures() -> None:
    lines = render(by_service(), RIGA).splitlines()
    # Made at 07:30 UTC: 09:30 on the centre's clock.
    assert lines[:2] == [
        "Valmieras VPVKAC",
        "by service, 2026-11-02 to 2026-11-08 (made 2026-11-09 09:30)",
    ]
    header = lines[4].split()
    assert header[:4] == ["service", "taken", "served", "no-show"]
    passports = next(line for line in lines if line.startswith("Pases un ID kartes"))
    # tickets 40, served 38; wait mean 12:34, median 10:00, p90 25:30, max 1:02:05, 88%;
    # service time 8:00 / 7:30 / 11:40 / 15:00; 12.2 arrivals an hour.
    assert passports.split()[4:] == [
        "40", "38", "1", "1", "1", "0", "12:34", "10:00", "25:30", "1:02:05", "88%",
        "8:00", "7:30", "11:40", "15:00", "12.2",
    ]  # fmt: skip
    social = next(line for line in lines if line.startswith("Sociālie pabalsti"))
    assert social.split()[8:13] == ["-"] * 5  # no waits: nothing to average
    assert lines[-1].split()[:3] == ["Kopā", "70", "68"]
    assert lines[-2] == "-" * len(lines[4])
    widths = {len(line) for line in lines[3:]}
    assert len(widths) == 1  # fixed-width: every row as wide as the header


def test_a_narrow_terminal_drops_the_least_needed_columns_and_says_which() -> None:
    text = render(by_service(), RIGA, width=100)
    lines = text.splitlines()
    assert max(len(line) for line in lines[1:]) <= 100
    header = lines[4].split()
    for kept in ("taken", "served", "mean", "p90", "target"):
        assert kept in header
    assert "median" not in header
    note = " ".join(lines[lines.index(next(x for x in lines if x.startswith("Left out"))) :])
    # Named as the table heads them (the CSV's "wait median (min)" is no column here).
    assert "wait median" in note and "service time median" in note and "(min)" not in note
    assert "--format csv has them all" in note


def test_the_table_shows_booking_columns_only_when_there_are_bookings() -> None:
    assert "bookings" not in render(by_service(), RIGA)
    booked = report("service", [figures("p", "Pases", 10, booked=4, checked_in=3, punctual=2)])
    lines = render(booked, RIGA).splitlines()
    assert "bookings" in lines[3]
    assert lines[4].split()[-4:] == ["booked", "arrived", "missed", "punctual"]


def test_a_label_with_a_newline_stays_on_its_row() -> None:
    r = report("clerk", [figures("x", "Anna\nBērziņa\x1b[2J", 3)])
    lines = render(r, RIGA).splitlines()
    assert any(line.startswith("Anna\ufffdBērziņa\ufffd[2J") for line in lines)
    assert "\x1b" not in render(r, RIGA)


def test_an_empty_period_says_so() -> None:
    empty = report("service", [], figures("", "", 0, wait=NO_SPREAD, within_target=None))
    assert "(no groups in this period)" in render(empty, RIGA)


def test_csv_for_a_latvian_excel_bom_semicolons_decimal_comma() -> None:
    data = csv_bytes(by_service())
    assert data.count(b"\r\n") == 5  # header, three groups, the total
    rows = read_back(data, ";")
    head = rows[0]
    assert head[:4] == ["key", "service", "tickets", "served"]
    passports = dict(zip(head, rows[1], strict=True))
    assert passports["service"] == "Pases un ID kartes"
    assert passports["key"] == "passports"
    assert passports["tickets"] == "40"
    assert passports["wait mean (min)"] == "12,57"  # 754 s
    assert passports["wait max (min)"] == "62,08"
    assert passports["within target %"] == "87,5"
    assert passports["arrivals per hour"] == "12,25"
    social = dict(zip(head, rows[2], strict=True))
    assert social["wait mean (min)"] == "" and social["within target %"] == ""
    total = dict(zip(head, rows[-1], strict=True))
    assert total["key"] == "*" and total["service"] == "Kopā" and total["tickets"] == "70"


def test_csv_with_decimal_points_separates_with_commas() -> None:
    rows = read_back(csv_bytes(by_service(), decimal_point=True), ",")
    passports = dict(zip(rows[0], rows[1], strict=True))
    assert passports["wait mean (min)"] == "12.57"
    assert passports["within target %"] == "87.5"
    assert len(rows[0]) == len(rows[1]) == 24


def test_csv_text_that_excel_would_run_gets_an_apostrophe() -> None:
    rows = [
        figures(key, label, 1)
        for key, label in (
            ("a", '=HYPERLINK("http://x","y")'),
            ("b", "+1+2"),
            ("c", "-2+3"),
            ("d", "@SUM(A1)"),
            ("=e", "\tcmd"),
            ("f", "Rīga = centrs"),
        )
    ]
    got = read_back(csv_bytes(report("clerk", rows)), ";")[1:-1]
    assert [(r[0], r[1]) for r in got] == [
        ("a", '\'=HYPERLINK("http://x","y")'),
        ("b", "'+1+2"),
        ("c", "'-2+3"),
        ("d", "'@SUM(A1)"),
        ("'=e", "\ufffdcmd"),  # a tab is a control character: replaced before the guard
        ("f", "Rīga = centrs"),
    ]


def test_json_is_the_wire_shape() -> None:
    reports = [by_service(), by_hour()]
    data = to_json(reports)
    assert data.endswith(b"\n")
    assert msgspec.json.decode(data, type=list[Report]) == reports
