"""The history tab: pick a day or a range, then three charts of it: the wait by hour (for one
day, against the same weekday's average of the 8 weeks before), arrivals by hour, and the
service time per service. It posts `HistoryWanted`; the app answers by setting `history`."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label

from manager.history import History, arrivals_by_hour, service_times, wait_by_hour
from manager.wanted import HistoryWanted
from manager.widgets.chart import Chart
from manager.widgets.period_inputs import PeriodInputs
from manager.words import Words


class HistoryPane(Vertical):
    history: reactive[History] = reactive(History(), init=False)

    def __init__(self, words: Words, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words
        self.today = today

    def compose(self) -> ComposeResult:
        t = self.words.t
        yield PeriodInputs(self.words, self.today, t("history.show"), id="history-period")
        yield Label("", id="history-status")
        with Grid(id="charts"):
            empty = t("history.no_data")
            yield Chart(t("history.wait_title"), t("history.minutes"), empty, id="chart-wait")
            yield Chart(
                t("history.arrivals_title"), t("history.tickets"), empty, id="chart-arrivals"
            )
            yield Chart(t("history.service_title"), t("history.minutes"), empty, id="chart-service")

    def load(self) -> None:
        """Show the period in the fields (today's, until the manager picks another)."""
        self.query_one(PeriodInputs).pick()

    def on_period_inputs_picked(self, event: PeriodInputs.Picked) -> None:
        event.stop()
        self.post_message(HistoryWanted(event.period))

    def watch_history(self, h: History) -> None:
        t = self.words.t
        status = self.query_one("#history-status", Label)
        if h.state == "failed":
            status.update(Content(h.error))
        elif h.state == "loading":
            status.update(Content(t("history.loading")))
        elif h.period is not None:
            said = [t("history.period", start=h.period.start, end=h.period.end)]
            if "day" not in h.reports:
                said.append(t("history.empty"))
            elif h.period.single and "usual" not in h.reports:
                said.append(t("history.no_usual"))
            status.update(Content(" ".join(said)))
        self.query_one("#chart-wait", Chart).show(
            wait_by_hour(h, t("history.this"), t("history.usual"))
        )
        self.query_one("#chart-arrivals", Chart).show(arrivals_by_hour(h, t("history.tickets")))
        self.query_one("#chart-service", Chart).show(
            service_times(h, t("history.mean"), t("history.median"))
        )
