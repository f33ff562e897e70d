"""The calls before the newest one, newest first; an appointment's number carries the mark
(★), explained under the list while one is listed. Counter names (config, or the `called`
event) are cells of plain `Text`: a str cell would be read as Rich markup."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import var
from textual.widgets import Static

from display.board import MARK, Call
from server.i18n import LANGS, Catalog


class CallHistory(Static):
    calls: var[tuple[Call, ...]] = var(())
    lang = var(LANGS[0])

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        self.rows = 0  # calls listed now

    def watch_calls(self) -> None:
        self.draw()

    def watch_lang(self) -> None:
        self.draw()

    def draw(self) -> None:
        title = self.catalog.t(self.lang, "history.title")
        booked = any(call.appointment for call in self.calls)
        word = self.catalog.t(self.lang, "call.appointment")
        legend = Text(f"{MARK} {word}") if booked else None
        table = Table(
            title=title,
            caption=legend,
            expand=True,
            show_edge=False,
            box=None,
            title_style="bold",
            caption_style="bold",
            padding=0,
        )
        ticket, _, counter = self.catalog.t(self.lang, "call.caption").partition(" → ")
        table.add_column(ticket, justify="right", ratio=1)
        table.add_column("", justify="center", width=3)
        table.add_column(counter, justify="left", ratio=1)
        for call in self.calls:
            number = Text(f"{MARK} {call.ticket}" if call.appointment else call.ticket)
            table.add_row(number, "→", Text(call.counter_name))
        # A full list (the usual case) keeps its height: skip the layout pass, which costs more
        # than the rest of showing a call.
        rows = len(self.calls) + booked
        self.update(table, layout=rows != self.rows)
        self.rows = rows
