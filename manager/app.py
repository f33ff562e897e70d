"""The manager's app: the live floor, the history charts, the report and the actions.

One `Link` to the server (manager role) and four reactive values: the `floor` (manager/floor.py
folds the welcome snapshot and every event into it), the `history` and `report` the manager
asked for, and what the last action came to (`said`). The screen draws them; what the manager
asks for arrives as messages (manager/wanted.py) and the app sends the requests: the actions
one at a time in order, a history or report request replacing one still under way. Nothing
here reaches into a widget, so a frame that arrives while the app shuts down changes a value
and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.reactive import var
from textual.screen import Screen

from manager import export, history
from manager.floor import Floor
from manager.fmt import local
from manager.history import History
from manager.period import Period
from manager.report_state import ReportState
from manager.said import Said
from manager.screen import ManagerScreen
from manager.wanted import ActionWanted, ExportWanted, HistoryWanted, ReportWanted, Tell
from manager.words import Words
from server.app_run import run
from server.cli_report import OutputError
from server.i18n import LANGS, Catalog
from server.protocol import messages as m
from server.protocol.errors import RequestError, RequestTimeout
from server.protocol.link import Link
from server.protocol.reports import By, Report

DEFAULT_PAUSE_LIMIT_MIN = 15


def utc_now() -> datetime:
    return datetime.now(UTC)


class ManagerApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it
    ENABLE_COMMAND_PALETTE = False

    floor: var[Floor] = var(Floor(), init=False)
    history: var[History] = var(History(), init=False)
    report: var[ReportState] = var(ReportState(), init=False)
    said: var[Said] = var(Said(), init=False, always_update=True)

    def __init__(
        self,
        url: str,
        token: str,
        lang: str = "lv",
        clock: Callable[[], datetime] = utc_now,
        pause_limit_min: int = DEFAULT_PAUSE_LIMIT_MIN,
        export_to: Path | None = None,
        **link_options: Any,
    ) -> None:
        """`pause_limit_min`: a counter paused longer is an alert; `export_to`: the file the
        Excel export suggests (default: a dated name in the documents folder)."""
        super().__init__()
        self.words = Words(Catalog("manager"), lang)
        # The language the server names a report's groups in.
        self.lang: m.Lang = next((x for x in LANGS if x == lang), "lv")
        self.clock = clock
        self.pause_limit_min = pause_limit_min
        self.export_to = export_to or export.default_path(export.default_folder(), self.today())
        hello = m.Hello(protocol=m.PROTOCOL, role="manager", token=token)
        self.link = Link(self, url, hello, **link_options)
        self.actions: asyncio.Queue[ActionWanted] = asyncio.Queue()
        # The server makes one report at a time and answers another meanwhile with
        # `slow_down`: the history, the report and the export take turns.
        self.one_report = asyncio.Lock()
        self.title = self.words.t("app.title")

    def today(self) -> date:
        """The centre's local day now (its time zone once the server said it)."""
        return local(self.clock(), self.floor.timezone).date()

    def get_default_screen(self) -> Screen[None]:
        screen = ManagerScreen.labelled(self.words)(
            self.words,
            self.clock,
            self.link.new_id,
            today=self.today(),
            pause_limit_min=self.pause_limit_min,
            export_to=self.export_to,
        )
        return screen.data_bind(
            ManagerApp.floor, ManagerApp.history, ManagerApp.report, ManagerApp.said
        )

    def on_mount(self) -> None:
        self.link.start()
        self.run_worker(self.send_actions(), name="actions", group="actions")

    async def on_unmount(self) -> None:
        await self.link.close()

    # ---- from the server -----------------------------------------------------------------

    def on_link_welcome(self, message: Link.Welcome) -> None:
        self.floor = self.floor.welcomed(message.snapshot, self.clock())

    def on_link_event(self, message: Link.Event) -> None:
        self.floor = self.floor.pushed(message.frame)

    def on_link_state(self, message: Link.State) -> None:
        self.floor = self.floor.linked(message.state)

    def on_link_refused(self, message: Link.Refused) -> None:
        self.floor = self.floor.refused(message.message)

    # ---- from the manager ----------------------------------------------------------------

    def on_tell(self, message: Tell) -> None:
        self.said = Said(message.text, error=True)

    def on_action_wanted(self, message: ActionWanted) -> None:
        self.actions.put_nowait(message)

    async def send_actions(self) -> None:
        """One action at a time, in the order asked; each ends in a sentence."""
        while True:
            wanted = await self.actions.get()
            try:
                await self.link.request(wanted.request)
            except RequestError as e:
                self.said = Said(self.failure(e), error=True)
            except RequestTimeout:
                self.said = Said(self.words.t("errors.timeout"), error=True)
            else:
                self.said = Said(self.words.t(wanted.done, **wanted.values))

    def failure(self, e: RequestError) -> str:
        key = f"errors.{e.code}"
        return self.words.t(key if self.words.knows(key) else "errors.other", message=e.message)

    def on_history_wanted(self, message: HistoryWanted) -> None:
        self.history = History(message.period, "loading")
        self.run_worker(self.load_history(message.period), group="history", exclusive=True)

    async def load_history(self, period: Period) -> None:
        wanted = history.requests(period, self.link.new_id, self.lang)
        reports: dict[history.Part, Report] = {}
        failed = "history.failed"
        for part, request in wanted.items():
            try:
                reports[part] = await self.ask_report(request)
            except RequestError as e:
                # The period was checked here; what the server still refuses is a period
                # without tickets (no earlier weekday to compare with, say): its chart
                # stays empty and the tab says so.
                if e.code != "bad_report":
                    self.history = History(period, "failed", error=self.not_made(e, failed))
                    return
            except RequestTimeout as e:
                self.history = History(period, "failed", error=self.not_made(e, failed))
                return
        self.history = History(period, "ready", reports=reports)

    def on_report_wanted(self, message: ReportWanted) -> None:
        self.report = ReportState(message.period, message.by, "loading")
        self.run_worker(
            self.load_report(message.period, message.by), group="report", exclusive=True
        )

    async def load_report(self, period: Period, by: By) -> None:
        try:
            report, *_ = await self.fetch(period, by)
        except (RequestError, RequestTimeout) as e:
            error = self.not_made(e, "report.failed")
            self.report = ReportState(period, by, "failed", error=error)
            return
        self.report = ReportState(period, by, "ready", report=report)

    async def fetch(self, period: Period, by: By, more: tuple[By, ...] = ()) -> list[Report]:
        """The report `by`, then those of `more`: made together, from one reading of the log."""
        request = m.ReportRequest(
            id=self.link.new_id(),
            start=period.start,
            end=period.end,
            by=by,
            lang=self.lang,
            more=list(more),
        )
        async with self.one_report:
            reply = await self.link.request(request)
        return [reply.report, *reply.more]

    async def ask_report(self, request: m.ReportRequest) -> Report:
        async with self.one_report:
            return (await self.link.request(request)).report

    def on_export_wanted(self, message: ExportWanted) -> None:
        work = self.export(message.path, confirmed=message.replace)
        self.run_worker(work, group="export", exclusive=True)

    async def export(self, path: Path, *, confirmed: bool) -> None:
        shown = self.report
        if shown.report is None or shown.period is None:
            return
        self.report = replace(shown, exporting=True, exported="", export_error="")
        period = shown.period
        try:
            # The report on show and the chart sheets asked for again, in one request: the
            # workbook's sheets then count the same tickets (the table on show may be older).
            reports = await self.fetch(period, shown.by, export.extra_groupings(shown.by))
            written = await asyncio.to_thread(export.write, reports, path, replace=confirmed)
        except (RequestError, RequestTimeout) as e:
            self.report = replace(self.report, exporting=False, export_error=self.problem(e))
        except export.ExportRefused as e:
            refused = self.words.t(f"report.{e.key}", path=str(path))
            self.report = replace(self.report, exporting=False, export_error=refused)
        except OutputError as e:
            self.report = replace(self.report, exporting=False, export_error=str(e))
        else:
            self.report = replace(self.report, exporting=False, exported=str(written))

    def problem(self, e: RequestError | RequestTimeout) -> str:
        if isinstance(e, RequestTimeout):
            return self.words.t("errors.timeout")
        return self.failure(e)

    def not_made(self, e: RequestError | RequestTimeout, failed: str) -> str:
        """Why a report or the history is not shown, in one sentence: the refusal's own
        (`bad_report` already says the report cannot be made), else `failed` with the why."""
        if isinstance(e, RequestError) and e.code == "bad_report":
            return self.failure(e)
        return self.words.t(failed, message=self.problem(e))

    @property
    def refusal(self) -> str:
        """Why the server refused this manager, for the terminal after the app ends."""
        refusal = self.floor.refusal
        return self.words.t("app.refused", message=refusal) if refusal else ""


def main(args: argparse.Namespace) -> int:
    if not args.token:
        print(
            "rinda manager: give the manager device's token with --token or $RINDA_TOKEN\n"
            "(an administrator prints one with `rinda token add --role manager --device ID`)",
            file=sys.stderr,
        )
        return 2
    app = ManagerApp(
        args.url,
        args.token,
        lang=args.lang,
        pause_limit_min=args.pause_alert,
        export_to=args.export_to,
    )
    run(app)
    if app.refusal:
        print(app.refusal, file=sys.stderr)
        return 1
    return 0
