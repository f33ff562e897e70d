"""A run's figures as plain-text tables for the terminal (`rinda simulate`): waits per
service and class, counters' utilisation, who was not served, those who joined from home,
the estimators' errors.

Times are m:ss or h:mm:ss as in `rinda report`'s tables (server/reports/table.py); when the
terminal is narrower than a table, its least needed columns are left out and a line says so.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from server.reports.columns import plain_text
from server.reports.table import clock
from server.sim.remote_stats import RemoteRow
from server.sim.stats import ALL, Summary, WaitRow

GAP = "  "
EMPTY = "-"


@dataclass(frozen=True)
class Col:
    head: str
    # Columns of the lowest rank go first when the table is too wide; 9: never.
    rank: int
    left: bool = False


def _time(s: float | None) -> str:
    return EMPTY if s is None else clock(s)


def _share(x: float | None) -> str:
    return EMPTY if x is None else f"{x:.0%}"


def grid(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int | None) -> list[str]:
    keep = list(range(len(cols)))
    dropped: list[int] = []
    while True:
        widths = {i: max(len(cols[i].head), *(len(r[i]) for r in rows)) for i in keep}

        head = _line(cols, keep, widths, [c.head for c in cols])
        droppable = [i for i in keep if cols[i].rank < 9]
        if width is None or len(head) <= width or not droppable:
            break
        least = min(droppable, key=lambda i: (cols[i].rank, -i))
        keep.remove(least)
        dropped.append(least)
    out = [head, "-" * len(head), *(_line(cols, keep, widths, r) for r in rows)]
    if dropped:
        out.append(f"(too narrow for: {', '.join(cols[i].head for i in sorted(dropped))})")
    return out


def _wrap(lines: list[str], width: int | None) -> list[str]:
    return [part for line in lines for part in textwrap.wrap(line, width)] if width else lines


def _line(
    cols: Sequence[Col], keep: list[int], widths: dict[int, int], cells: Sequence[str]
) -> str:
    parts = [cells[i].ljust(widths[i]) if cols[i].left else cells[i].rjust(widths[i]) for i in keep]
    return GAP.join(parts).rstrip()


# The share of visitors in floor groups of at least 10 below which MAE/floor is not shown.
FLOOR_SUPPORT = 0.5

WAIT_COLS = (
    Col("service", 9, left=True),
    Col("class", 9, left=True),
    Col("served", 8),
    Col("mean", 9),
    Col("p50", 3),
    Col("p90", 7),
    Col("p99", 5),
    Col("max", 6),
    Col("in target", 8),
    Col("no-show", 2),
    Col("not called", 4),
)


def _wait_cells(r: WaitRow) -> list[str]:
    label = "all services" if r.service == ALL else plain_text(r.service, 24)
    return [
        label,
        r.kind,
        str(r.served),
        _time(r.mean_s),
        _time(r.p50_s),
        _time(r.p90_s),
        _time(r.p99_s),
        _time(r.max_s),
        _share(r.within_target),
        str(r.no_shows),
        str(r.not_called),
    ]


REMOTE_COLS = (
    Col("service", 9, left=True),
    Col("joined", 9),
    Col("refused", 4),
    Col("checked in", 5),
    Col("passed over", 6),
    Col("lapsed", 9),
    Col("came late", 7),
    Col("mean from joining", 8),
)


def _remote_cells(r: RemoteRow) -> list[str]:
    label = "all services" if r.service == ALL else plain_text(r.service, 24)
    counts = (r.joined, r.refused, r.checked_in, r.passed, r.lapsed, r.came_late)
    return [label, *map(str, counts), _time(r.mean_from_join_s)]


def render(s: Summary, description: str = "", width: int | None = None) -> str:
    title = plain_text(s.scenario, 60) + (
        f" — {plain_text(description, 120)}" if description else ""
    )
    days = f"{s.days} day{'s' if s.days != 1 else ''}"
    lines = _wrap(
        [title, f"policy {s.policy}, {days}, seed {s.seed}, {s.visitors} visitors"], width
    )
    lines.append("")
    lines.append(
        "Waits (an appointment's from its booked time if early"
        + (", a remote visitor's from their check-in)" if s.remote else ")")
    )
    lines += grid(WAIT_COLS, [_wait_cells(r) for r in s.waits], width)
    lines += ["", "Counters"]
    counter_rows = [
        [plain_text(c.counter, 24), _time(c.open_s), _time(c.busy_s), _share(c.utilisation)]
        for c in s.counters
    ]
    cols: tuple[Col, ...] = (
        Col("counter", 9, left=True),
        Col("open", 5),
        Col("busy", 4),
        Col("utilisation", 9),
    )
    lines += grid(cols, counter_rows, width)
    for what, counts in (
        ("refused a ticket (service not issuing)", s.refused),
        ("found no free slot (came as walk-ins)", s.unbooked),
        ("checked in too late (came as walk-ins)", s.lapsed),
    ):
        if counts:
            listed = ", ".join(f"{plain_text(k, 24)} {n}" for k, n in counts.items())
            lines += _wrap([f"{sum(counts.values())} {what}: {listed}"], width)
    if s.remote:
        lines += ["", "Joined from home"]
        lines += grid(REMOTE_COLS, [_remote_cells(r) for r in s.remote], width)
    if s.errors:
        lines += ["", "Estimators: told at issue against the wait that followed"]
        cols = (
            Col("estimator", 9, left=True),
            Col("class", 9, left=True),
            Col("count", 3),
            Col("MAE", 9),
            Col("MAE/mean", 8),
            Col("p90 error", 6),
            Col("bias", 7),
            Col("mean wait", 4),
            Col("floor", 5),
            Col("MAE/floor", 8),
        )
        rows = [
            [
                plain_text(e.estimator, 24),
                e.cls,
                str(e.n),
                _time(e.mae_s),
                _share(e.mae_share) if e.mean_wait_s else EMPTY,
                _time(e.p90_abs_s),
                ("-" if e.bias_s < 0 else "+") + _time(abs(e.bias_s)),
                _time(e.mean_wait_s),
                _time(e.floor_s),
                # A floor resting on few visitors per group means nothing: no ratio then.
                f"{e.vs_floor:.2f}" if e.floor_s and e.floor_support >= FLOOR_SUPPORT else EMPTY,
            ]
            for e in s.errors
        ]
        lines += grid(cols, rows, width)
    return "\n".join(lines)
