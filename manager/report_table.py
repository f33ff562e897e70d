"""The report tab's table: the figures of a `Report` as rows of text, one per group and the
total last, in the columns `rinda report` prints (server/reports/columns.py: the same values,
so the tab and the command never disagree). Pure; labels come from the server's report
(plain text) and the column titles from the catalog (a reason's from the report too)."""

from __future__ import annotations

import re
from collections.abc import Callable

from server.protocol.reports import Figures, Report
from server.reports.columns import Column, Value, in_table, plain_text, total_label

# A report's group label is bounded by the writers' rule; the table shows less of it.
LABEL_SHOWN = 40


def column_id(column: Column) -> str:
    """A column's key in the catalog: its name in lower case with "_" for the rest."""
    return re.sub(r"[^a-z0-9]+", "_", column.name.lower()).strip("_")


def title(column: Column, t: Callable[..., str]) -> str:
    """A column's title in the manager's language: from the catalog, or for a reason's count
    the label the report gave it (shown as plain text by the caller)."""
    if column.reason:
        return t("report.reason", name=column.short)
    return t(f"report.col.{column_id(column)}")


def shown(report: Report) -> tuple[Column, ...]:
    """The columns of `rinda report`'s table (the appointments' only if there were any, the
    ratings' only if there were any)."""
    return in_table(report)


def cell(column: Column, value: Value) -> str:
    if value is None:
        return "—"
    if column.kind == "duration":
        return f"{value / 60:.1f}"
    if column.kind == "difference":
        minutes = round(value / 60, 1)
        return f"{minutes:+.1f}" if minutes else "0.0"  # never "-0.0"
    if column.kind == "share":
        return f"{value * 100:.0f} %"
    if column.kind == "rate":
        return f"{value:.1f}"
    return str(value)


def cells(columns: tuple[Column, ...], f: Figures, label: str) -> tuple[str, ...]:
    return (label, *(cell(c, c.value(f)) for c in columns))


def rows(report: Report, total: str) -> list[tuple[str, ...]]:
    """Each group's row, then the total's (labelled `total` unless the report names it)."""
    columns = shown(report)
    out = [cells(columns, f, plain_text(f.label or f.key, LABEL_SHOWN)) for f in report.rows]
    label = total_label(report.total)
    out.append(cells(columns, report.total, total if label == "total" else label))
    return out
