"""Two date fields, from and to (YYYY-MM-DD; an empty "to" is the same day), and a button:
the period the history charts or the report cover. It posts `Picked` with a checked period,
or says on its own line why the typed one is not one (and asks nothing)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label

from manager.period import MAX_TYPED, Period, PeriodError, parse_period
from manager.words import Words


class PeriodInputs(Horizontal):
    class Picked(Message):
        def __init__(self, inputs: PeriodInputs, period: Period) -> None:
            super().__init__()
            self.inputs = inputs
            self.period = period

        @property
        def control(self) -> PeriodInputs:
            return self.inputs

    def __init__(self, words: Words, today: date, button: str, id: str | None = None) -> None:
        super().__init__(id=id, classes="period")
        self.words = words
        self.today = today
        self.button = button

    def compose(self) -> ComposeResult:
        t = self.words.t
        yield Label(t("period.from"))
        yield Input(self.today.isoformat(), max_length=MAX_TYPED, classes="start")
        yield Label(t("period.to"))
        yield Input("", placeholder=t("period.same_day"), max_length=MAX_TYPED, classes="end")
        yield Button(self.button, classes="pick", compact=True)
        yield Label("", classes="period-error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.pick()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.pick()

    def pick(self) -> None:
        start = self.query_one(".start", Input).value
        end = self.query_one(".end", Input).value
        error = self.query_one(".period-error", Label)
        try:
            period = parse_period(start, end)
        except PeriodError as e:
            error.update(Content(self.words.t(e.key)))
            return
        error.update("")
        self.post_message(self.Picked(self, period))
