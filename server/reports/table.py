"""A report as a plain-text table for the terminal: fixed-width columns under two header lines
(the figure's group, then the figure), times as m:ss or h:mm:ss, shares as %, a total row.

When the terminal is narrower than the whole table, the least important columns are left out
(COLUMNS' `keep` ranks them) and a last line says which; the CSV and XLSX always have them all.
"""

from __future__ import annotations

import textwrap
from datetime import tzinfo

from server.protocol.reports import Report
from server.reports.columns import (
    COLUMNS,
    Column,
    Value,
    columns_of,
    in_table,
    plain_text,
    total_label,
)
from server.reports.labels import WEEKDAY_NAMES

GAP = "  "
# The label column is cut here: a long service name must not push the figures off the screen.
LABEL_WIDTH = 28
EMPTY = "-"


def clock(seconds: float) -> str:
    """A duration as m:ss, or h:mm:ss from an hour on (rounded to the second)."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def signed_clock(seconds: float) -> str:
    """A difference as +m:ss or -m:ss ("0:00" when it rounds to none)."""
    whole = round(seconds)
    sign = "+" if whole > 0 else "-" if whole < 0 else ""
    return sign + clock(abs(whole))


def cell(column: Column, value: Value) -> str:
    if value is None:
        return EMPTY
    if column.kind == "duration":
        return clock(value)
    if column.kind == "difference":
        return signed_clock(value)
    if column.kind == "share":
        return f"{value:.0%}"
    if column.kind == "rate":
        return f"{value:.1f}"
    return str(value)


# A grouping's own main figure, kept before any other but the label: arrivals per hour is
# what a report by hour is read for (when to open more counters).
MAIN = {"hour": "arrivals per hour"}


def _rank(report: Report, column: Column) -> int:
    main = MAIN.get(report.by) == column.name
    return max(c.keep for c in COLUMNS) + 1 if main else column.keep


def _render(report: Report, columns: list[Column]) -> list[str]:
    figures = [*report.rows, report.total]
    labels = [plain_text(f.label, LABEL_WIDTH) for f in report.rows] + [total_label(report.total)]
    label_head = report.by
    label_w = max(len(label_head), *(len(x) for x in labels))
    cells = [[cell(c, c.value(f)) for c in columns] for f in figures]
    widths = [max(len(c.short), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    # The upper header names each run of columns of one group once, across the run (made
    # wide enough for the name when a group keeps only one narrow column).
    upper = " " * label_w
    for i, j in _runs(columns):
        span = sum(widths[i : j + 1]) + len(GAP) * (j - i)
        widths[j] += max(0, len(columns[i].group) - span)
        span = max(span, len(columns[i].group))
        upper += GAP + columns[i].group.center(span)
    lower = label_head.ljust(label_w) + "".join(
        GAP + c.short.rjust(w) for c, w in zip(columns, widths, strict=True)
    )

    def line(label: str, row: list[str]) -> str:
        return label.ljust(label_w) + "".join(
            GAP + x.rjust(w) for x, w in zip(row, widths, strict=True)
        )

    rule = "-" * len(lower)
    body = [line(label, row) for label, row in zip(labels[:-1], cells[:-1], strict=True)]
    return [upper.rstrip(), lower, rule, *body, rule, line(labels[-1], cells[-1])]


def _runs(columns: list[Column]) -> list[tuple[int, int]]:
    """The first and last index of each run of adjacent columns of one group."""
    runs: list[tuple[int, int]] = []
    for i, c in enumerate(columns):
        if runs and columns[runs[-1][0]].group == c.group:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def title(
    report: Report, tz: tzinfo, width: int | None = None, weekday: int | None = None
) -> list[str]:
    """The centre's name, then what the report is of (only the `weekday`'s days, if given) and
    when it was made on the centre's clock; each wrapped to `width`."""
    made = report.generated_at.astimezone(tz)
    days = f"{WEEKDAY_NAMES['en'][weekday - 1]}s from " if weekday else ""
    lines = [
        plain_text(report.centre),
        f"by {report.by}, {days}{report.start} to {report.end} (made {made:%Y-%m-%d %H:%M})",
    ]
    return [part for line in lines for part in textwrap.wrap(line, width)] if width else lines


def render(report: Report, tz: tzinfo, width: int | None = None, weekday: int | None = None) -> str:
    """The report as lines of text, at most `width` characters wide (None: no limit); times
    on the clock of `tz` (the centre's); `weekday`: the report keeps only that weekday."""
    columns = list(in_table(report))
    left_out: list[Column] = []
    lines = _render(report, columns)
    while width is not None and len(lines[1]) > width and columns:
        least = min(columns, key=lambda c: (_rank(report, c), -columns.index(c)))
        columns.remove(least)
        left_out.append(least)
        lines = _render(report, columns)
    if not report.rows:
        lines.insert(3, "(no groups in this period)")
    notes = []
    if left_out:
        names = ", ".join(c.table_name for c in columns_of(report) if c in left_out)
        note = f"Left out to fit {width} columns (--format csv has them all): {names}."
        notes = textwrap.wrap(note, width or len(note))
    return "\n".join([*title(report, tz, width, weekday), "", *lines, *notes]) + "\n"
