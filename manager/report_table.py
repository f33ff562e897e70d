"""The report tab's table: the figures of a `Report` as rows of text, one per group and the
total last, in the columns `rinda report` prints. Pure; labels come from the server's report
(plain text) and the column titles from the catalog."""

from __future__ import annotations

from manager.fmt import minutes
from server.protocol.reports import Figures, Report

# Column ids (their titles are `report.col.<id>` in the catalog), in order.
COLUMNS: tuple[str, ...] = (
    "group",
    "tickets",
    "served",
    "no_shows",
    "transfers",
    "cancelled",
    "unserved",
    "wait_mean",
    "wait_median",
    "wait_p90",
    "wait_max",
    "service_mean",
    "within_target",
    "arrivals",
)


def cells(f: Figures, label: str) -> tuple[str, ...]:
    target = "—" if f.within_target is None else f"{f.within_target * 100:.0f} %"
    arrivals = "—" if f.arrivals_per_hour is None else f"{f.arrivals_per_hour:.1f}"
    return (
        label,
        str(f.tickets),
        str(f.served),
        str(f.no_shows),
        str(f.transfers),
        str(f.cancelled),
        str(f.unserved),
        minutes(f.wait.mean_s),
        minutes(f.wait.median_s),
        minutes(f.wait.p90_s),
        minutes(f.wait.max_s),
        minutes(f.service_time.mean_s),
        target,
        arrivals,
    )


def rows(report: Report, total: str) -> list[tuple[str, ...]]:
    """Each group's row, then the total's (labelled `total`)."""
    out = [cells(f, f.label or f.key) for f in report.rows]
    out.append(cells(report.total, total))
    return out
