"""The calls before the newest one, newest first. Counter names (config, or the `called`
event) are cells of plain `Text`: a str cell would be read as Rich markup."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from display.board import Call


class CallHistory(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []  # the calls as shown, "A011 → 2"

    def show(self, calls: list[Call], title: str, caption: str) -> None:
        table = Table(
            title=title, expand=True, show_edge=False, box=None, title_style="bold", padding=0
        )
        ticket, _, counter = caption.partition(" → ")
        table.add_column(ticket, justify="right", ratio=1)
        table.add_column("", justify="center", width=3)
        table.add_column(counter, justify="left", ratio=1)
        for call in calls:
            table.add_row(Text(call.ticket), "→", Text(call.counter_name))
        lines = [f"{c.ticket} → {c.counter_name}" for c in calls]
        # A full list (the usual case) keeps its height: skip the layout pass, which costs more
        # than the rest of showing a call.
        self.update(table, layout=len(lines) != len(self.lines))
        self.lines = lines
