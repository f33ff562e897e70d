"""The report tab's Excel export: the report on show, and the hour and weekday reports of the
same period (the workbook's charts are drawn from those sheets), written by the report
writers (server/reports/xlsx_out.py) the way `rinda report --output` writes a file. Where it
goes by default: the manager's documents (or downloads) folder if there is one, else the
folder the app was started in.

A manager types the file's name, so the export guards what is already there: the name ends in
.xlsx (added when the name has no extension at all, refused when it has another one, so
`report.csv` or `/etc/passwd` is never taken for a workbook), an existing file is replaced
only when the manager said yes to replacing it, and anything that is not a regular file (a
folder, a device, a pipe) is never written to."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from platformdirs import user_documents_dir, user_downloads_dir

from server.cli_report import destination
from server.protocol.reports import By, Report
from server.reports.xlsx_out import write_xlsx

# The sheets a workbook gets besides the report on show: its native charts need them.
CHART_SHEETS: tuple[By, ...] = ("hour", "weekday")
SUFFIX = ".xlsx"
# Why a file is not written, each a sentence in the catalog (`report.<key>`).
REFUSALS = ("not_xlsx", "is_folder", "not_a_file", "exists")


class ExportRefused(Exception):
    """The file will not be written: `key` is the sentence in the catalog (`report.<key>`)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


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


def target(typed: str) -> Path:
    """The absolute file a typed name stands for, `.xlsx` added to a name without an
    extension; `ExportRefused` if it has another extension or is there and not a file."""
    path = Path(typed).expanduser()
    if path.is_dir():
        raise ExportRefused("is_folder")
    if not path.suffix:
        path = path.with_name(path.name + SUFFIX)
    elif path.suffix.lower() != SUFFIX:
        raise ExportRefused("not_xlsx")
    path = path.absolute()
    if path.exists() and not path.is_file():
        raise ExportRefused("is_folder" if path.is_dir() else "not_a_file")
    return path


def write(reports: list[Report], path: Path, *, replace: bool) -> Path:
    """Write the workbook (run in a thread: it is file I/O) as `rinda report --output` does:
    the file is replaced whole or not at all, and only if `replace` (the manager said yes).
    The absolute path written; `ExportRefused` if it may not be, `OutputError` with one line
    for the manager if it cannot be."""
    path = target(str(path))
    if path.exists() and not replace:
        raise ExportRefused("exists")
    with destination(str(path)) as out:
        write_xlsx(reports, out)
    return path
