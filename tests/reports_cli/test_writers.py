"""The table, CSV and JSON writers, on reports built by hand (tests/reports_cli/samples.py)."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import msgspec

from server.protocol.reports import Report, Told
from server.reports.csv_out import write_csv
from server.reports.json_out import to_json
from server.reports.table import clock, render, signed_clock
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


def test_a_bias_has_its_sign() -> None:
    assert [signed_clock(s) for s in (154, -154, 0.4, -0.4, -3725)] == [
        "+2:34", "-2:34", "0:00", "0:00", "-1:02:05",
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
    # service time 8:00 / 7:30 / 11:40 / 15:00; 12.2 arrivals an hour; 20 told 10:00 on
    # average who waited 12:34, off by 3:20, 2:34 longer than told, 80 % close.
    assert passports.split()[4:] == [
        "40", "38", "1", "1", "1", "0", "12:34", "10:00", "25:30", "1:02:05", "88%",
        "8:00", "7:30", "11:40", "15:00", "12.2", "20", "10:00", "12:34", "3:20", "+2:34", "80%",
    ]  # fmt: skip
    assert lines[3].split()[-2:] == ["told", "wait"]
    assert lines[4].split()[-6:] == ["n", "told", "waited", "error", "bias", "close"]
    social = next(line for line in lines if line.startswith("Sociālie pabalsti"))
    assert social.split()[8:13] == ["-"] * 5  # no waits: nothing to average
    assert social.split()[-6:] == ["0"] + ["-"] * 5  # nobody told a wait: no figure, not 0
    assert lines[-1].split()[:3] == ["Kopā", "70", "68"]
    assert lines[-2] == "-" * len(lines[4])
    widths = {len(line) for line in lines[4:]}
    assert len(widths) == 1  # fixed-width: every row as wide as the header


def test_a_narrow_terminal_drops_the_least_needed_columns_and_says_which() -> None:
    text = render(by_service(), RIGA, width=100)
    lines = text.splitlines()
    assert max(len(line) for line in lines[1:]) <= 100
    header = lines[4].split()
    for kept in ("taken", "served", "mean", "p90", "target", "error", "bias"):
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
    assert lines[4].split()[-10:-6] == ["booked", "arrived", "missed", "punctual"]


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
    # Told 10 min, waited 12:34 (12,57 min), off by 3:20 (3,33), 2:34 too long (+2,57).
    told = ("told waits", "told mean (min)", "told waited mean (min)", "told error mean (min)")
    assert [passports[name] for name in told] == ["20", "10,00", "12,57", "3,33"]
    assert passports["told bias (min)"] == "2,57"
    assert passports["told close %"] == "80,0"
    social = dict(zip(head, rows[2], strict=True))
    assert social["wait mean (min)"] == "" and social["within target %"] == ""
    assert social["told waits"] == "0"
    assert [social[name] for name in (*told[1:], "told bias (min)", "told close %")] == [""] * 5
    total = dict(zip(head, rows[-1], strict=True))
    assert total["key"] == "*" and total["service"] == "Kopā" and total["tickets"] == "70"


def test_csv_with_decimal_points_separates_with_commas() -> None:
    rows = read_back(csv_bytes(by_service(), decimal_point=True), ",")
    passports = dict(zip(rows[0], rows[1], strict=True))
    assert passports["wait mean (min)"] == "12.57"
    assert passports["within target %"] == "87.5"
    # key, label, 30 figures, 6 ratings, 2 reasons, 2 of tickets joined from home
    assert len(rows[0]) == len(rows[1]) == 40


def test_a_bias_below_zero_keeps_its_sign_and_never_reads_minus_zero() -> None:
    pessimistic = Told(
        count=2, told_mean_s=900.0, waited_mean_s=600.0, error_mean_s=300, bias_s=-300, close=1.0
    )
    tiny = Told(
        count=4, told_mean_s=60.0, waited_mean_s=59.75, error_mean_s=1, bias_s=-0.25, close=1
    )
    r = report("service", [figures("a", "A", 3, told=pessimistic), figures("b", "B", 3, told=tiny)])
    rows = read_back(csv_bytes(r, decimal_point=True), ",")
    assert [dict(zip(rows[0], row, strict=True))["told bias (min)"] for row in rows[1:3]] == [
        "-5.00",
        "0.00",  # -0.25 s: -0.004 min, shown as none rather than "-0.00"
    ]
    lines = render(r, RIGA).splitlines()
    assert [line.split()[-2] for line in lines[6:8]] == ["-5:00", "0:00"]


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
