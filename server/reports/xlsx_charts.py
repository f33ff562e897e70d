"""The native Excel charts of the report workbook, drawn from the sheet's own cells (so they
follow if someone corrects a figure): waits by hour (mean and p90 wait, a line each) on the
hour sheet, arrivals by weekday (tickets, bars) on the weekday sheet.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.worksheet.worksheet import Worksheet

from server.protocol.reports import Report
from server.reports.columns import COLUMNS

# The sheets' layout (server/reports/xlsx_out.py): A the key, B the label, then the figures.
LABELS, FIRST = 2, 3
WIDTH_CM, HEIGHT_CM = 18, 9


def column_of(name: str) -> int:
    return FIRST + next(i for i, c in enumerate(COLUMNS) if c.name == name)


def _frame(chart: LineChart | BarChart, title: str, x_title: str, y_title: str) -> None:
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    # openpyxl 3.1 leaves the axes' "delete" unset, and Excel then hides both axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM


def _categories(chart: LineChart | BarChart, ws: Worksheet, rows: int) -> None:
    """The group labels along the x axis, as text (openpyxl's set_categories refers to them
    as numbers, and a spreadsheet may then number the categories 1, 2, 3 instead)."""
    labels = Reference(ws, min_col=LABELS, min_row=2, max_row=rows + 1)
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))


def waits_by_hour(ws: Worksheet, rows: int) -> LineChart:
    chart = LineChart()
    _frame(chart, "Waits by hour", "hour", "minutes")
    for name in ("wait mean (min)", "wait p90 (min)"):
        col = column_of(name)
        # From the header row: its text names the series.
        chart.add_data(
            Reference(ws, min_col=col, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    _categories(chart, ws, rows)
    return chart


def arrivals_by_weekday(ws: Worksheet, rows: int) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    _frame(chart, "Arrivals by weekday", "weekday", "tickets")
    col = column_of("tickets")
    chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=rows + 1), titles_from_data=True)
    _categories(chart, ws, rows)
    return chart


def chart_for(report: Report, ws: Worksheet) -> LineChart | BarChart | None:
    """The chart that goes on this report's sheet, if any (none for a sheet without rows:
    the total row is not a category)."""
    if not report.rows:
        return None
    if report.by == "hour":
        return waits_by_hour(ws, len(report.rows))
    if report.by == "weekday":
        return arrivals_by_weekday(ws, len(report.rows))
    return None
