"""A network report written out: a terminal table, CSV or an Excel workbook, with the same
columns in each and the conventions of a centre's report (server/reports/): CSV with a BOM,
`;` and decimal commas for a Latvian Excel, text that cannot run as a formula, durations in
minutes as numbers, the key `*` for "all" (all centres, all groups); XLSX with a bold frozen
header and numbers as numbers.

Centre ids and group ids come from the centres' files, so they are treated like any text from
outside: plain text, cut to a bounded length.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from server.network.network_report import Figures, NetworkReport, Ranked
from server.reports.columns import TOTAL_KEY, plain_text
from server.reports.csv_out import BOM, number_cell, text_cell
from server.reports.table import clock
from server.reports.xlsx_out import BOLD, FORMATS, HEADER_HEIGHT, excel_value, text_at

Kind = Literal["count", "duration", "share", "rate"]
Number = int | float | Fraction | None
# The table's label columns are cut here: a long id must not push the figures off the screen.
LABEL_WIDTH = 24
GAP = "  "


@dataclass(frozen=True)
class Col:
    name: str  # the CSV and XLSX header
    short: str  # the table's header
    kind: Kind
    value: Callable[[Figures], Number]
    in_table: bool = True  # the terminal table leaves out what another column already says


COLUMNS: tuple[Col, ...] = (
    Col("tickets", "tickets", "count", lambda f: f.tickets),
    Col("served", "served", "count", lambda f: f.served),
    Col("no-shows", "no-show", "count", lambda f: f.no_shows),
    Col("waits", "waits", "count", lambda f: f.waits),
    Col("wait mean (min)", "wait mean", "duration", lambda f: f.wait_mean_s),
    Col("wait median (min)", "wait median", "duration", lambda f: f.wait_median_s),
    Col("wait p90 (min)", "wait p90", "duration", lambda f: f.wait_p90_s),
    Col("wait max (min)", "wait max", "duration", lambda f: f.wait_max_s),
    Col("within target %", "in target", "share", lambda f: f.within_target),
    # Only served visits have a service time: in the table, "served" says how many.
    Col("service times", "", "count", lambda f: f.service_times, in_table=False),
    Col("service time mean (min)", "service mean", "duration", lambda f: f.service_mean_s),
    Col("rated", "rated", "count", lambda f: f.rated),
    Col("score mean", "score", "rate", lambda f: f.score_mean),
    Col("satisfied %", "satisfied", "share", lambda f: f.satisfied),
)
RANK_HEADS = ("rank within target", "rank satisfaction")


def label(value: str | None, all_of: str) -> str:
    return all_of if value is None else plain_text(value, LABEL_WIDTH) or "(none)"


def cell(kind: Kind, value: Number) -> str:
    """A figure as the table shows it: m:ss, a percentage with one decimal, or a number."""
    if value is None:
        return "-"
    if kind == "duration":
        return clock(float(value))
    if kind == "share":
        return f"{float(value):.1%}"
    if kind == "rate":
        return f"{float(value):.2f}"
    return str(value)


def _grid(head: list[str], rows: list[list[str]], left: int) -> list[str]:
    """Lines of a table: the first `left` columns left-aligned, the rest right-aligned; an
    empty row is a rule."""
    widths = [max(len(head[i]), *(len(r[i]) for r in rows if r)) for i in range(len(head))]

    def line(row: list[str]) -> str:
        cells = [
            x.ljust(w) if i < left else x.rjust(w)
            for i, (x, w) in enumerate(zip(row, widths, strict=True))
        ]
        return GAP.join(cells).rstrip()

    rule = "-" * len(line(head))
    return [line(head), rule, *(line(r) if r else rule for r in rows)]


def _rank_lines(title: str, ranked: list[Ranked], behind: str) -> list[str]:
    rows = [
        [str(r.rank) if r.rank is not None else "-", plain_text(r.centre, LABEL_WIDTH),
         cell("share", r.share), str(r.behind)]
        for r in ranked
    ]  # fmt: skip
    return ["", title, *_grid(["rank", "centre", "share", behind], rows, 2)]


def render(report: NetworkReport) -> str:
    """The report as text: the figures per group and centre, then both rankings."""
    by_centre = report.by == "centre"
    columns = [c for c in COLUMNS if c.in_table]
    head = ([] if by_centre else [report.by]) + ["centre"] + [c.short for c in columns]
    rows: list[list[str]] = []
    previous: str | None = "\0"
    for f in report.rows:
        if f.group != previous and rows and not by_centre:
            rows.append([])  # a rule between groups
        previous = f.group
        labels = [label(f.centre, "all centres")]
        if not by_centre:
            labels.insert(0, label(f.group, f"all {report.by}s"))
        rows.append(labels + [cell(c.kind, c.value(f)) for c in columns])
    if by_centre:
        rows.insert(len(rows) - 1, [])
    lines = [
        f"Network report by {report.by}: {report.centres} centres, {report.start} to "
        f"{report.end} ({report.files} files)",
        "",
        *_grid(head, rows, 1 if by_centre else 2),
        *_rank_lines("Ranking on the share of waits within target", report.within_target,
                     "waits"),
        *_rank_lines(f"Ranking on satisfaction (rated 4 or 5; ranked from {report.min_ratings} "
                     "ratings)", report.satisfaction, "rated"),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def _ranks(report: NetworkReport) -> dict[str, tuple[int | None, int | None]]:
    within = {r.centre: r.rank for r in report.within_target}
    happy = {r.centre: r.rank for r in report.satisfaction}
    return {c: (within.get(c), happy.get(c)) for c in within}


def _rows(report: NetworkReport) -> list[tuple[list[str], list[Number]]]:
    """Every row as its key cells (group, centre) and its numbers (the figures, then the
    centre's ranks on the centres' own total rows)."""
    ranks = _ranks(report)
    out = []
    for f in report.rows:
        keys = [TOTAL_KEY if f.centre is None else f.centre]
        if report.by != "centre":
            keys.insert(0, TOTAL_KEY if f.group is None else f.group)
        placed = ranks.get(f.centre or "") if f.group is None and f.centre else None
        out.append((keys, [c.value(f) for c in COLUMNS] + list(placed or (None, None))))
    return out


def _heads(report: NetworkReport) -> list[str]:
    keys = ["centre"] if report.by == "centre" else [report.by, "centre"]
    return keys + [c.name for c in COLUMNS] + list(RANK_HEADS)


def _kinds() -> list[Kind]:
    return [c.kind for c in COLUMNS] + ["count", "count"]


def write_csv(report: NetworkReport, out: IO[str], *, decimal_point: bool = False) -> None:
    """One row per group and centre; the key `*` is "all"; a centre's total row carries its
    ranks."""
    decimal, separator = (".", ",") if decimal_point else (",", ";")
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(_heads(report))
    kinds = _kinds()
    for keys, numbers in _rows(report):
        cells = [number_cell(k, v, decimal) for k, v in zip(kinds, numbers, strict=True)]
        writer.writerow([text_cell(k) for k in keys] + cells)


def csv_bytes(report: NetworkReport, *, decimal_point: bool = False) -> bytes:
    text = io.StringIO(newline="")
    write_csv(report, text, decimal_point=decimal_point)
    return text.getvalue().encode()


def _sheet(wb: Workbook, title: str, heads: list[str], kinds: list[Kind],
           rows: list[tuple[list[str], list[Number]]]) -> Worksheet:  # fmt: skip
    ws: Worksheet = wb.create_sheet(title=title)
    left = len(heads) - len(kinds)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(heads, start=1):
        c = ws.cell(row=1, column=col, value=name)
        c.font, c.alignment = BOLD, wrap
    ws.row_dimensions[1].height = HEADER_HEIGHT
    for r, (keys, numbers) in enumerate(rows, start=2):
        bold = TOTAL_KEY in keys
        for col, key in enumerate(keys, start=1):
            text_at(ws, r, col, key, bold=bold)
        for col, (kind, value) in enumerate(zip(kinds, numbers, strict=True), start=left + 1):
            c = ws.cell(row=r, column=col, value=excel_value(kind, value))
            c.number_format = FORMATS[kind]
            if bold:
                c.font = BOLD
    for col in range(1, len(heads) + 1):
        longest = max(len(word) for word in heads[col - 1].split())
        ws.column_dimensions[get_column_letter(col)].width = max(10, longest + 2)
    ws.freeze_panes = f"{get_column_letter(left + 1)}2"
    return ws


def _rank_rows(ranked: list[Ranked]) -> list[tuple[list[str], list[Number]]]:
    return [([r.centre], [r.rank, r.share, r.behind]) for r in ranked]


def write_xlsx(report: NetworkReport, out: IO[bytes]) -> None:
    """Three sheets: the figures (named after the grouping), then the two rankings."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    kinds = _kinds()
    _sheet(wb, report.by, _heads(report), kinds, _rows(report))
    _sheet(wb, "rank within target", ["centre", "rank", "within target %", "waits"],
           ["count", "share", "count"], _rank_rows(report.within_target))  # fmt: skip
    _sheet(wb, "rank satisfaction", ["centre", "rank", "satisfied %", "rated"],
           ["count", "share", "count"], _rank_rows(report.satisfaction))  # fmt: skip
    wb.properties.title = (
        f"Network report by {report.by}: {report.centres} centres, {report.start} – {report.end}"
    )
    wb.save(out)
