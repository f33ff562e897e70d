"""The report tab's Excel export: the report on show, and the hour and weekday reports of the
same period (the workbook's charts are drawn from those sheets), written by the report
writers (server/reports/xlsx_out.py) the way `rinda report --output` writes a file. Where it
goes by default: the manager's documents (or downloads) folder if there is one, else the
folder the app was started in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from platformdirs import user_documents_dir, user_downloads_dir

from server.cli_report import destination
from server.protocol.reports import By, Report
from server.reports.xlsx_out import write_xlsx

# The sheets a workbook gets besides the report on show: its native charts need them.
CHART_SHEETS: tuple[By, ...] = ("hour", "weekday")


def default_folder() -> Path:
    for folder in (user_documents_dir(), user_downloads_dir()):
        if Path(folder).is_dir():
            return Path(folder)
    return Path.cwd()


def default_path(folder: Path, today: date) -> Path:
    return folder / f"rinda-report-{today.isoformat()}.xlsx"


def extra_groupings(shown: By) -> tuple[By, ...]:
    """What else to ask for, so the workbook has its charts."""
    return tuple(by for by in CHART_SHEETS if by != shown)


def write(reports: list[Report], path: Path) -> Path:
    """Write the workbook (run in a thread: it is file I/O) as `rinda report --output` does:
    the file is replaced whole or not at all. The absolute path written; `OutputError` with
    one line for the manager if it cannot be."""
    path = path.resolve()
    with destination(str(path)) as out:
        write_xlsx(reports, out)
    return path
