"""A report as CSV that a spreadsheet opens without an import dialog.

By default for a Latvian (or any European) Excel: UTF-8 with a byte-order mark (without it
Excel reads the file as the system's code page and "ā" comes out as "Ä"), `;` between cells
and a decimal comma. `decimal_point=True` is for an Excel set to a "." locale (English):
decimal points and `,` between cells, which is what such an Excel expects.

Durations are minutes with two decimals (a number Excel can sum and chart, unlike "12:34"),
shares are percentages with one decimal. Text (group labels from the config, clerks' names)
that Excel would run as a formula, starting with = + - @ or a tab or carriage return, gets a
leading apostrophe: Excel evaluates formulas in a CSV it opens.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from typing import TextIO

from server.protocol.reports import Report
from server.reports.columns import (
    KEY_NAME,
    LABEL_MAX,
    TOTAL_KEY,
    columns_of,
    plain_text,
    total_label,
)

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str, limit: int | None = LABEL_MAX) -> str:
    """Plain text a spreadsheet shows as it is, never runs."""
    return formula_safe(plain_text(text, limit))


def formula_safe(text: str) -> str:
    """One plain line as a cell Excel shows, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number_cell(kind: str, value: float | Fraction | None, decimal: str) -> str:
    """A figure of a column of `kind` (server/reports/columns.py) as a CSV cell."""
    if value is None:
        return ""
    if kind == "count":
        return str(value)
    if kind == "duration":
        shown = f"{float(value) / 60:.2f}"
    elif kind == "difference":
        minutes = round(float(value) / 60, 2)
        shown = f"{minutes:.2f}" if minutes else "0.00"  # never "-0.00"
    elif kind == "share":
        shown = f"{float(value) * 100:.1f}"
    else:
        shown = f"{float(value):.2f}"
    return shown.replace(".", decimal)


def header(report: Report) -> list[str]:
    # A reason's column is named by its id from the log: guarded like any text.
    return [KEY_NAME, report.by, *(text_cell(c.name) for c in columns_of(report))]


def write_csv(report: Report, out: TextIO, *, decimal_point: bool = False) -> None:
    """Write `report` to `out` (a text stream opened with newline="")."""
    decimal, separator = (".", ",") if decimal_point else (",", ";")
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(header(report))
    columns = columns_of(report)
    for f in report.rows:
        numbers = [number_cell(c.kind, c.value(f), decimal) for c in columns]
        writer.writerow([text_cell(f.key), text_cell(f.label), *numbers])
    total = report.total
    numbers = [number_cell(c.kind, c.value(total), decimal) for c in columns]
    writer.writerow([TOTAL_KEY, text_cell(total_label(total)), *numbers])
