"""What the report tab shows: the period and grouping asked for, the report once answered,
and where its Excel export was written (or why not)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from manager.period import Period
from server.protocol.reports import By, Report


@dataclass(frozen=True)
class ReportState:
    period: Period | None = None
    by: By = "service"
    state: Literal["idle", "loading", "ready", "failed"] = "idle"
    # Why the report failed, the whole sentence, and why the export failed (the server's or
    # the system's words: plain text).
    error: str = ""
    report: Report | None = None
    # The file the last export wrote ("": none yet), whether one is being written, and why
    # the last one failed.
    exported: str = ""
    exporting: bool = False
    export_error: str = ""
