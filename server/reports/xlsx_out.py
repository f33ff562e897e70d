"""Reports as an Excel workbook: one sheet per grouping, named after it ("service", "hour"...).

Each sheet: the group's key and label, then the columns of server/reports/columns.py under a
bold, frozen header row (the key and label columns are frozen too), one row per group and a
bold total row. Durations are minutes as numbers (format 0.0), the same figures as the CSV's,
so a sum or a chart needs no conversion; shares are fractions shown as percentages (0%).
Native charts (server/reports/xlsx_charts.py) go beside the hour and weekday tables.

Text cells are always written as text: openpyxl would otherwise store a label that starts
with "=" as a formula, and Excel would run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from server.protocol.reports import Figures, Report
from server.reports.columns import (
    KEY_NAME,
    TOTAL_KEY,
    Column,
    Value,
    columns_of,
    plain_text,
    total_label,
)
from server.reports.xlsx_charts import FIRST, chart_for

FORMATS = {
    "count": "0",
    "duration": "0.0",
    "difference": "+0.0;-0.0;0.0",
    "share": "0%",
    "rate": "0.0",
}
HEADER_HEIGHT = 45  # points: three lines of a wrapped header
BOLD = Font(bold=True)


def excel_value(kind: str, value: float | Fraction | None) -> Value:
    """A figure of a column of `kind` as Excel keeps it: durations in minutes, numbers as
    numbers (an exact fraction as a float)."""
    if value is None:
        return None
    if kind in ("duration", "difference"):
        return float(value) / 60
    return value if isinstance(value, int) else float(value)


def text_at(ws: Worksheet, row: int, col: int, text: str, *, bold: bool = False) -> Cell:
    """A text cell: one plain line that Excel never runs as a formula."""
    c = ws.cell(row=row, column=col)
    assert isinstance(c, Cell)  # no cell of these sheets is merged
    c.value = plain_text(text)
    c.data_type = "s"  # text, even if it starts with "=": never a formula
    if bold:
        c.font = BOLD
    return c


def _figures(
    ws: Worksheet, row: int, columns: tuple[Column, ...], f: Figures, *, bold: bool
) -> None:
    for i, column in enumerate(columns):
        c = ws.cell(row=row, column=FIRST + i, value=excel_value(column.kind, column.value(f)))
        c.number_format = FORMATS[column.kind]
        if bold:
            c.font = BOLD


def _widths(ws: Worksheet, report: Report, columns: tuple[Column, ...]) -> None:
    labels = [plain_text(f.label) for f in report.rows] + [total_label(report.total)]
    keys = [plain_text(f.key) for f in report.rows]
    ws.column_dimensions["A"].width = min(40, max(6, *(len(k) + 2 for k in keys or [""])))
    ws.column_dimensions["B"].width = min(50, max(12, *(len(x) + 2 for x in labels)))
    for i, column in enumerate(columns):
        longest_word = max(len(word) for word in column.name.split())
        ws.column_dimensions[get_column_letter(FIRST + i)].width = max(10, longest_word + 2)


def add_sheet(wb: Workbook, report: Report) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title=report.by)
    wrap = Alignment(wrap_text=True, vertical="top")
    columns = columns_of(report)
    heads = [KEY_NAME, report.by, *(c.name for c in columns)]
    for col, name in enumerate(heads, start=1):
        text_at(ws, 1, col, name, bold=True).alignment = wrap
    ws.row_dimensions[1].height = HEADER_HEIGHT
    for row, f in enumerate(report.rows, start=2):
        text_at(ws, row, 1, f.key)
        text_at(ws, row, 2, f.label)
        _figures(ws, row, columns, f, bold=False)
    last = len(report.rows) + 2
    text_at(ws, last, 1, TOTAL_KEY, bold=True)
    text_at(ws, last, 2, total_label(report.total), bold=True)
    _figures(ws, last, columns, report.total, bold=True)
    ws.freeze_panes = f"{get_column_letter(FIRST)}2"
    _widths(ws, report, columns)
    chart = chart_for(report, ws)
    if chart is not None:
        ws.add_chart(chart, f"{get_column_letter(FIRST + len(columns) + 1)}2")
    return ws


def period_line(report: Report) -> str:
    """What the workbook is about: the centre, the period and when it was made."""
    made = report.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    centre = plain_text(report.centre)
    return f"{centre}: {report.start.isoformat()} – {report.end.isoformat()} ({made})"


def write_xlsx(reports: Sequence[Report], out: Path | IO[bytes]) -> None:
    """One sheet per report, in the order given. The period is the workbook's title and each
    sheet's page header (printed, and shown in Excel's page layout): the rows stay a plain
    table with its header first, for whoever sorts or filters them."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for report in reports:
        ws = add_sheet(wb, report)
        header = ws.oddHeader
        assert header is not None  # a new sheet has its (empty) header
        header.center.text = period_line(report).replace("&", "&&")  # & starts a code
    if reports:
        wb.properties.title = period_line(reports[0])
    wb.save(out)
