"""The manager's one screen: three tabs (the live floor, the history charts, the report) over
one line saying what the last action came to, with the keys in the footer.

It draws the app's state (bound with `data_bind`) and posts what the manager asks for
(`manager.wanted`); it never calls into the app or the link. The actions on the floor act on
the highlighted row of the table that has the focus (S and R on the Services table, O on the
Counters table; the other table's highlight stays visible, so acting on it would hit a row the
manager did not mean), each after a dialog naming it (a reason, the notice, or a yes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from manager import actions
from manager.floor import Floor
from manager.history import History
from manager.report_state import ReportState
from manager.said import Said
from manager.screens.confirm import ConfirmDialog
from manager.screens.text_dialog import TextDialog
from manager.wanted import ActionWanted, Tell
from manager.widgets.alerts_list import AlertsList
from manager.widgets.counters_table import CountersTable
from manager.widgets.history_pane import HistoryPane
from manager.widgets.kiosks_table import KiosksTable
from manager.widgets.notice_line import NoticeLine
from manager.widgets.report_pane import ReportPane
from manager.widgets.said_line import SaidLine
from manager.widgets.services_table import ServicesTable
from manager.widgets.top_bar import TopBar
from manager.words import Words

# Each key, its action, and its label in the catalog (`keys.<label>`).
KEYS: tuple[tuple[str, str, str], ...] = (
    ("f1", "tab('floor')", "floor"),
    ("f2", "tab('history')", "history"),
    ("f3", "tab('report')", "report"),
    ("s", "stop_issuing", "stop_issuing"),
    ("r", "resume_issuing", "resume_issuing"),
    ("n", "notice", "notice"),
    ("o", "close_counter", "close_counter"),
)
# The actions that act on the floor: offered only while the floor is on show.
FLOOR_ACTIONS = frozenset({"stop_issuing", "resume_issuing", "notice", "close_counter"})


class ManagerScreen(Screen[None]):
    floor: reactive[Floor] = reactive(Floor(), init=False, bindings=True)
    history: reactive[History] = reactive(History(), init=False)
    report: reactive[ReportState] = reactive(ReportState(), init=False)
    said: reactive[Said] = reactive(Said(), init=False, always_update=True)

    @classmethod
    def labelled(cls, words: Words) -> type[ManagerScreen]:
        """This screen with its keys labelled in the manager's language (Textual reads
        `BINDINGS` once, when a class is made: so each app makes the subclass for its
        language, as the counter does)."""
        bindings = [
            # The tab keys are priority bindings: a focused date field or button would
            # otherwise keep F1-F3 from the screen while the footer still offers them.
            Binding(key, action, words.t(f"keys.{label}"), priority=action.startswith("tab("))
            for key, action, label in KEYS
        ]
        return cast(type[ManagerScreen], type(cls.__name__, (cls,), {"BINDINGS": bindings}))

    def __init__(
        self,
        words: Words,
        clock: Callable[[], datetime],
        new_id: Callable[[], str],
        *,
        today: date,
        pause_limit_min: int,
        export_to: Path,
    ) -> None:
        super().__init__()
        self.words = words
        self.clock = clock
        self.new_id = new_id
        self.today = today
        self.pause_limit_min = pause_limit_min
        self.export_to = export_to

    def compose(self) -> ComposeResult:
        w, floor = self.words, ManagerScreen.floor
        yield TopBar(w, self.clock, id="top").data_bind(floor)
        with TabbedContent(id="tabs", initial="floor"):
            with TabPane(w.t("tabs.floor"), id="floor"):
                with Horizontal(id="floor-top"):
                    yield CountersTable(w, self.clock, id="counters").data_bind(floor)
                    with Vertical(id="floor-side"):
                        alerts = AlertsList(w, self.clock, self.pause_limit_min, id="alerts")
                        yield alerts.data_bind(floor)
                        yield KiosksTable(w, self.clock, id="kiosks").data_bind(floor)
                yield ServicesTable(w, self.clock, id="services").data_bind(floor)
                yield NoticeLine(w, id="notice").data_bind(floor)
            with TabPane(w.t("tabs.history"), id="history"):
                pane = HistoryPane(w, self.today, id="history-pane")
                yield pane.data_bind(ManagerScreen.history)
            with TabPane(w.t("tabs.report"), id="report"):
                report = ReportPane(w, self.today, self.export_to, id="report-pane")
                yield report.data_bind(ManagerScreen.report)
        yield SaidLine(id="said").data_bind(ManagerScreen.said)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CountersTable).focus()  # so the arrows move a highlight at once

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        self.query_one(SaidLine).forget()  # it spoke of the tab left
        if event.pane.id == "history" and self.history.state == "idle":
            self.query_one(HistoryPane).load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in FLOOR_ACTIONS:
            return self.query_one(TabbedContent).active == "floor" and self.floor.loaded
        return True

    # ---- actions -------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        # The focus leaves the pane first: a date field or button keeping it from a pane
        # being hidden brings that pane's tab straight back.
        self.set_focus(None)
        self.query_one(TabbedContent).active = tab
        if tab == "floor":
            self.call_after_refresh(self.query_one(CountersTable).focus)

    def _service(self) -> str | None:
        table = self.query_one(ServicesTable)
        if not table.has_focus:
            self.post_message(Tell(self.words.t("actions.pick_service")))
            return None
        return table.chosen

    def _counter(self) -> str | None:
        table = self.query_one(CountersTable)
        if not table.has_focus:
            self.post_message(Tell(self.words.t("actions.pick_counter")))
            return None
        return table.chosen

    def action_stop_issuing(self) -> None:
        sid = self._service()
        if sid is None:
            return
        name = self.words.service(self.floor, sid)

        def chosen(reason: str | None) -> None:
            if reason is not None:
                request = actions.stop_issuing(self.new_id, sid, reason)
                self.post_message(ActionWanted(request, "said.stopped", service=name))

        question = self.words.t("actions.stop_question", service=name)
        dialog = TextDialog(
            self.words,
            question,
            actions.REASON_MAX,
            label=self.words.t("actions.reason_label"),
            ok=self.words.t("actions.stop"),
        )
        self.app.push_screen(dialog, chosen)

    def action_resume_issuing(self) -> None:
        sid = self._service()
        if sid is None:
            return
        name = self.words.service(self.floor, sid)
        row = self.floor.services.get(sid)
        if row is None or row.reason != "suspended":  # the server would do nothing
            self.post_message(Tell(self.words.t("actions.not_stopped", service=name)))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                request = actions.resume_issuing(self.new_id, sid)
                self.post_message(ActionWanted(request, "said.resumed", service=name))

        question = self.words.t("actions.resume_question", service=name)
        yes = self.words.t("actions.resume")
        self.app.push_screen(ConfirmDialog(self.words, question, yes), confirmed)

    def action_notice(self) -> None:
        def chosen(text: str | None) -> None:
            if text is not None:
                request = actions.set_notice(self.new_id, text)
                done = "said.notice_set" if text else "said.notice_cleared"
                self.post_message(ActionWanted(request, done))

        w = self.words
        dialog = TextDialog(
            w,
            w.t("actions.notice_question"),
            actions.NOTICE_MAX,
            label=w.t("actions.notice_label"),
            ok=w.t("actions.notice_set"),
            value=self.floor.notice,
            required=True,
            clear=w.t("actions.notice_clear"),
        )
        self.app.push_screen(dialog, chosen)

    def action_close_counter(self) -> None:
        cid = self._counter()
        if cid is None:
            return
        name = self.words.counter(self.floor, cid)
        if self.floor.shows(cid) == "closed":  # the server would do nothing
            self.post_message(Tell(self.words.t("actions.not_signed_in", counter=name)))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                request = actions.close_counter(self.new_id, cid)
                self.post_message(ActionWanted(request, "said.closed", counter=name))

        question = self.words.t("actions.close_question", counter=name)
        yes = self.words.t("actions.close")
        self.app.push_screen(ConfirmDialog(self.words, question, yes), confirmed)
