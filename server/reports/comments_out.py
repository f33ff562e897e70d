"""The visitors' comments as a plain-text table for the terminal, or as CSV for Excel.

The table gives each comment a line of its ticket's facts, then the comment under it,
indented (and wrapped to the terminal's width): a comment is too long for a column. The CSV is
the report's (server/reports/csv_out.py): UTF-8 with a byte-order mark, `;` between cells as a
Latvian Excel expects, every text cell guarded against being run as a formula. Column names
are English whatever the language, as in the report.
"""

from __future__ import annotations

import csv
import textwrap
from datetime import tzinfo
from typing import TextIO

from server.reports.columns import plain_text
from server.reports.comments import CommentLine, Comments
from server.reports.csv_out import BOM, formula_safe, text_cell
from server.reports.table import GAP, LABEL_WIDTH

HEADER = ("day", "time", "ticket", "service", "counter", "score", "reason", "comment")
EMPTY = "-"
INDENT = " " * 4


def _facts(c: CommentLine) -> list[str]:
    score = "" if c.score is None else str(c.score)
    cells = (c.day.isoformat(), c.time, c.ticket, c.service, c.counter, score, c.reason)
    return [plain_text(x, LABEL_WIDTH) or EMPTY for x in cells]


def title(comments: Comments, tz: tzinfo) -> list[str]:
    made = comments.generated_at.astimezone(tz)
    return [
        plain_text(comments.centre),
        f"visitors' comments, {comments.start} to {comments.end} (made {made:%Y-%m-%d %H:%M})",
        f"Personal data: the server deletes them after {comments.retain_days} days "
        "([bookings] retain_days); keep no copy longer.",
    ]


def render(comments: Comments, tz: tzinfo, width: int | None = None) -> str:
    """The comments as lines of text; the titles and the comments wrapped to `width` (None:
    each on one line)."""
    rows = [_facts(c) for c in comments.lines]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER[:-1])]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return GAP.join(x.ljust(w) for x, w in zip(cells, widths, strict=True)).rstrip()

    head = line(HEADER[:-1])
    out = [*title(comments, tz), "", head, "-" * len(head)]
    for c, row in zip(comments.lines, rows, strict=True):
        out.append(line(row))
        if width is None:
            out.append(INDENT + c.text)
        else:
            out += textwrap.wrap(c.text, max(20, width), initial_indent=INDENT,
                                 subsequent_indent=INDENT)  # fmt: skip
    if width is not None:
        out[:3] = [part for text in out[:3] for part in textwrap.wrap(text, width)]
    n = len(comments.lines)
    out += ["", f"{n} comment{'s' if n != 1 else ''}."]
    return "\n".join(out) + "\n"


def write_csv(comments: Comments, out: TextIO) -> None:
    """Write `comments` to `out` (a text stream opened with newline="")."""
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(HEADER)
    for c in comments.lines:
        score = "" if c.score is None else str(c.score)
        cells = (c.day.isoformat(), c.time, c.ticket, c.service, c.counter, score, c.reason)
        writer.writerow([*(text_cell(x) for x in cells), formula_safe(c.text)])
