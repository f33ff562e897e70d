"""The visitor at the counter: number, the appointment mark and booked time of a visitor who
booked (or, for a visitor who joined the queue from home, when they joined, and "not here
yet" when called by number before checking in), service,
priority, how long they waited and how long ago they were called (ticking, from the app's
clock, on this widget's own timer). The note (typed at another counter), the names and a
pause reason come from the wire or the config: plain text (`Content`), never read as markup;
only the number and the appointment mark are styled, around them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from counter.model import CounterModel
from counter.words import Words
from server.staff_words import parse_time, stopwatch


class CurrentTicket(Static):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(self, words: Words, clock: Callable[[], datetime], id: str | None = None):
        super().__init__(id=id)
        self.words = words
        self.clock = clock

    def on_mount(self) -> None:
        self.set_interval(1.0, self.draw)

    def watch_model(self) -> None:
        self.draw()

    def draw(self) -> None:
        w, m = self.words, self.model
        t = m.current
        self.set_class(t is None, "empty")
        if t is None:
            if m.status == "paused" and m.back_at:
                back = w.clock(m, m.back_at)
                self.update(
                    Content(w.t("serving.paused_until", reason=w.reason(m.reason), time=back))
                )
            elif m.status == "paused":
                self.update(Content(w.t("serving.paused", reason=w.reason(m.reason))))
            else:
                self.update(Content(w.t("serving.no_ticket")))
            return
        called = parse_time(t.called_at)
        since = stopwatch(round((self.clock() - called).total_seconds())) if called else "—"
        serving = t.status == "serving"
        status = w.t("serving.ticket_serving" if serving else "serving.ticket_called")
        # A visitor with an appointment: the mark and the time they booked, where the blank
        # line is for a walk-in, so the panel is as tall either way.
        booked = t.booked_for and w.t("serving.appointment", time=w.clock(m, t.booked_for))
        mark: Content | str = Content.styled(booked, "bold reverse") if booked else ""
        if t.remote:
            # One who joined from home waited partly there: "Waited" counts from then. Called
            # by number before checking in, they may not be here at all: said until served.
            away = m.unchecked == t.number and t.status == "called"
            key = "serving.remote_away" if away else "serving.remote"
            mark = Content.styled(w.t(key, time=w.clock(m, t.taken_at)), "bold")
        rows: list[Content | str] = [
            Content.assemble((t.number, "bold"), f"  {status}"),
            mark,
            f"{w.t('serving.service')}: {w.service(m, t.service)}",
            f"{w.t('serving.priority')}: {w.priority(m, t.priority)}",
            f"{w.t('serving.waited')}: {w.duration(t.waited_s)}",
            f"{w.t('serving.since_called')}: {since}",
            f"{w.t('serving.calls')}: {t.calls}",
        ]
        if t.note:
            rows.append(f"{w.t('serving.note')}: {t.note}")
        self.update(Content("\n").join(rows))
