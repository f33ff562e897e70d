"""The side panel: who waits for the services this counter serves (under each, the tickets
joined from home that are not here yet: "not here yet", or passed over and until when they
keep their place), the longest wait now, the expected wait and how many visitors were served
here today. Drawn on every change of the
model, and every second on this widget's own timer (the longest wait grows while nobody is
called). Service names (config) are plain text (`Content`), never read as markup."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from counter.away import of_service
from counter.model import CounterModel
from counter.words import Words

# Tickets not here listed per service; the rest are counted in one line, so a centre with
# many visitors at home does not push the waits off the panel.
AWAY_SHOWN = 4


class QueuePanel(Static):
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
        rows: list[Content | str] = [Content.styled(w.t("panel.title"), "bold"), ""]
        for sid in m.mine:
            line = m.services.get(sid)
            if line is not None:
                rows.append(w.t("panel.waiting", service=w.service(m, sid), n=line.waiting))
                rows += self.away_rows(sid)
        rows.append("")
        longest = m.longest_wait_s(self.clock())
        wait = w.t("panel.nobody") if longest is None else w.duration(longest)
        rows.append(w.t("panel.longest", time=wait))
        rows.append(w.t("panel.expected", time=w.expected(m.expected_wait_s())))
        rows.append("")
        rows.append(w.t("panel.served", n=m.served_today))
        self.update(Content("\n").join(rows))

    def away_rows(self, sid: str) -> list[Content | str]:
        w, m = self.words, self.model
        away = of_service(m.away, sid)
        rows: list[Content | str] = []
        for a in away[:AWAY_SHOWN]:
            if a.lapses_at is None:
                rows.append(w.t("panel.not_here", number=a.number))
            else:
                text = w.t("panel.passed", number=a.number, time=w.clock(m, a.lapses_at))
                rows.append(Content.styled(text, "bold"))
        if len(away) > AWAY_SHOWN:
            rows.append(w.t("panel.more_away", n=len(away) - AWAY_SHOWN))
        return rows
