"""The report tab: a period and a grouping, the same figures `rinda report` prints as a table
(one row per group, the total last), and "Export to Excel" writing them to a file the manager
names (a file already there is replaced only after the manager says yes, see manager/export.py).
It posts `ReportWanted` and `ExportWanted`; the app answers by setting `report`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, DataTable, Input, Label, Select

from manager import export
from manager.report_state import ReportState
from manager.report_table import rows, shown, title
from manager.screens.confirm import ConfirmDialog
from manager.wanted import ExportWanted, ReportWanted
from manager.widgets.period_inputs import PeriodInputs
from manager.words import Words
from server.protocol.reports import GROUPINGS, By

# A path is typed by the manager: long enough for any real folder, bounded all the same.
MAX_PATH = 1000


class ReportPane(Vertical):
    report: reactive[ReportState] = reactive(ReportState(), init=False)

    def __init__(self, words: Words, today: date, export_to: Path, id: str | None = None):
        super().__init__(id=id)
        self.words = words
        self.today = today
        self.export_to = export_to

    def compose(self) -> ComposeResult:
        t = self.words.t
        with Horizontal(id="report-pick"):
            yield PeriodInputs(self.words, self.today, t("report.show"), id="report-period")
            options = [(t(f"report.by.{by}"), by) for by in GROUPINGS]
            yield Select(options, value="service", allow_blank=False, id="report-by")
        yield Label("", id="report-status")
        table: DataTable[Text] = DataTable(id="report-table", zebra_stripes=True)
        yield table
        with Horizontal(id="export"):
            yield Label(t("report.export_to"))
            yield Input(str(self.export_to), max_length=MAX_PATH, id="export-path")
            yield Button(t("report.export"), id="export-button", compact=True)

    def on_mount(self) -> None:
        self.watch_report(self.report)

    def on_period_inputs_picked(self, event: PeriodInputs.Picked) -> None:
        event.stop()
        chosen = self.query_one("#report-by", Select).value
        by: By = next((g for g in GROUPINGS if g == chosen), "service")
        self.post_message(ReportWanted(event.period, by))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-button":
            event.stop()
            self.export()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "export-path":
            event.stop()
            self.export()

    def export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        status = self.query_one("#report-status", Label)
        if self.report.report is None:
            status.update(Content(self.words.t("report.nothing_to_export")))
        elif not text:
            status.update(Content(self.words.t("report.no_path")))
        else:
            try:
                path = export.target(text)
            except export.ExportRefused as e:
                refused = self.words.t(f"report.{e.key}", path=text)
                status.update(Content(self.words.t("report.export_failed", message=refused)))
                status.add_class("-error")
                return
            self.query_one("#export-path", Input).value = str(path)
            if not path.exists():
                self.post_message(ExportWanted(path))
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.post_message(ExportWanted(path, replace=True))

            question = self.words.t("report.replace_question", path=str(path))
            dialog = ConfirmDialog(self.words, question, self.words.t("report.replace"))
            self.app.push_screen(dialog, confirmed)

    def watch_report(self, r: ReportState) -> None:
        t = self.words.t
        status = self.query_one("#report-status", Label)
        status.set_class(r.state == "failed" or bool(r.export_error), "-error")
        if r.state == "failed":
            status.update(Content(r.error))
        elif r.state == "loading":
            status.update(Content(t("report.loading")))
        elif r.exporting:
            status.update(Content(t("report.exporting")))
        elif r.export_error:
            status.update(Content(t("report.export_failed", message=r.export_error)))
        elif r.exported:
            status.update(Content(t("report.exported", path=r.exported)))
        elif r.period is not None:
            status.update(Content(t("report.period", start=r.period.start, end=r.period.end)))
        else:
            status.update(Content(t("report.hint")))
        table = self.query_one("#report-table", DataTable)
        table.clear(columns=True)
        if r.report is not None:
            table.add_column(t(f"report.by.{r.report.by}"))
            for column in shown(r.report):
                table.add_column(Text(title(column, t)))
            for cells in rows(r.report, t("report.total")):
                table.add_row(*(Text(c) for c in cells))
