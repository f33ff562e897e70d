"""Visitor feedback in the table, CSV, XLSX and JSON writers, on reports built by hand
(tests/reports_cli/samples.py: FEEDBACK and the two REASONS)."""

from __future__ import annotations

import io
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import openpyxl

from server.protocol.reports import Report
from server.reports.csv_out import write_csv
from server.reports.json_out import to_json
from server.reports.table import render
from server.reports.xlsx_out import write_xlsx
from tests.reports_cli.samples import FEEDBACK, figures, report

RIGA = ZoneInfo("Europe/Riga")
RATING_COLUMNS = [
    "rated",
    "rated anonymously",
    "answered %",
    "score mean",
    "satisfied %",
    "unhappy %",
    "reason waited_too_long",
    "reason not_helped",
]


def rated() -> Report:
    return report(
        "counter",
        [figures("1", "Lodziņš 1", 40, feedback=FEEDBACK), figures("2", "Lodziņš 2", 10)],
        figures("", "Kopā", 50, feedback=FEEDBACK),
    )


def test_the_table_shows_the_ratings_and_their_counts() -> None:
    lines = render(rated(), RIGA).splitlines()
    assert lines[3].split()[-2:] == ["feedback", "reasons"]
    # The reasons are headed by their labels, as plain text (one starts with "=").
    assert lines[4].split()[-9:] == [
        *("rated", "anon", "answered", "score", "4-5", "1-2"),
        *("Ilgi", "gaidīju", "=nepalīdzēja"),
    ]
    # 15 rated, 1 at a tablet; 14 of 38 served answered (37 %); mean 4.2; 80 % 4-5,
    # 2 of 15 (13 %) 1-2; "waited too long" twice, "not helped" never.
    one = next(line for line in lines if line.startswith("Lodziņš 1"))
    assert one.split()[-8:] == ["15", "1", "37%", "4.2", "80%", "13%", "2", "0"]
    # Counter 2 had no rating: 0 answered of 8 served reads 0, its mean none.
    two = next(line for line in lines if line.startswith("Lodziņš 2"))
    assert two.split()[-8:] == ["0", "0", "-", "-", "-", "-", "0", "0"]


def test_a_narrow_table_keeps_how_many_rated_with_the_mean_score() -> None:
    text = render(rated(), RIGA, width=120)
    header = text.splitlines()[4].split()
    assert header[-2:] == ["rated", "score"]
    assert "answered" not in header and "feedback answered" in " ".join(text.split())


def test_a_period_nobody_rated_has_no_rating_columns_in_the_table() -> None:
    plain = report("counter", [figures("1", "Lodziņš 1", 40)])
    text = render(plain, RIGA)
    assert "feedback" not in text and "Ilgi" not in text


def test_csv_has_every_rating_column_after_the_others() -> None:
    out = io.StringIO(newline="")
    write_csv(rated(), out)
    head, one, two, total = [line.split(";") for line in out.getvalue().splitlines()]
    # Named by the reason's id, the same in any language; only the two columns of tickets
    # joined from home come after them.
    assert head[-10:-2] == RATING_COLUMNS
    assert head[-2:] == ["remote", "remote lapsed"]
    # Shares as percentages with a decimal comma, the mean with two decimals.
    assert one[-10:-2] == ["15", "1", "36,8", "4,20", "80,0", "13,3", "2", "0"]
    assert two[-10:-2] == ["0", "0", "", "", "", "", "0", "0"]
    assert total[0] == "*" and total[-10:] == one[-10:]


def test_xlsx_has_the_rating_columns_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_xlsx([rated()], path)
    ws = openpyxl.load_workbook(path)["counter"]
    head = [c.value for c in ws[1]]
    assert head[-10:-2] == RATING_COLUMNS
    one = dict(zip(head, [c.value for c in ws[2]], strict=True))
    assert one["rated"] == 15 and one["score mean"] == 4.2
    assert one["answered %"] == 14 / 38 and one["reason waited_too_long"] == 2
    cell = ws.cell(row=2, column=head.index("answered %") + 1)
    assert cell.number_format == "0%"


def test_json_carries_the_ratings_and_the_reasons() -> None:
    data = to_json([rated()])
    assert msgspec.json.decode(data, type=list[Report]) == [rated()]
    wire = msgspec.json.decode(data)[0]
    assert wire["reasons"][0] == {"id": "waited_too_long", "label": "Ilgi gaidīju"}
    assert wire["total"]["feedback"]["reasons"] == {"waited_too_long": 2, "other": 1}
