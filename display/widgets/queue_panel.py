"""Each service: how many wait and the expected wait for someone who takes a ticket now.
Service names (config) are cells of plain `Text`: a str cell would be read as Rich markup."""

from __future__ import annotations

import math
from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from display.board import ServiceLine


class QueuePanel(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, str, str]] = []  # (service, waiting, wait) as shown

    def show(self, services: list[ServiceLine], lang: str, t: Callable[[str], str]) -> None:
        table = Table(
            title=t("queue.title"), expand=True, show_edge=False, box=None, title_style="bold"
        )
        table.add_column(t("queue.service"), ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(t("queue.waiting"), justify="right")
        table.add_column(t("queue.wait"), justify="right", no_wrap=True)
        rows = []
        for s in services:
            if not s.issuing:
                wait = t("queue.closed")
            elif s.waiting == 0:
                wait = t("queue.no_wait")
            else:
                wait = t("queue.minutes").format(n=max(1, math.ceil(s.estimated_wait_s / 60)))
            row = (f"{s.prefix}  {s.name.get(lang, s.name['lv'])}", str(s.waiting), wait)
            table.add_row(*(Text(cell) for cell in row))
            rows.append(row)
        # The same services keep the same height: no layout pass (see CallHistory).
        self.update(table, layout=len(rows) != len(self.rows))
        self.rows = rows
