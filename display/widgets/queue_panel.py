"""Each service: how many wait and the expected wait for someone who takes a ticket now, as
the band every screen shows (server/protocol/waits.py).
Service names (config) are cells of plain `Text`: a str cell would be read as Rich markup."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import var
from textual.widgets import Static

from display.board import ServiceLine
from server.i18n import LANGS, Catalog
from server.protocol.waits import wait_words


class QueuePanel(Static):
    services: var[tuple[ServiceLine, ...]] = var(())
    lang = var(LANGS[0])

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = catalog
        self.rows: list[tuple[str, str, str]] = []  # (service, waiting, wait) as shown

    def watch_services(self) -> None:
        self.draw()

    def watch_lang(self) -> None:
        self.draw()

    def t(self, key: str) -> str:
        return self.catalog.t(self.lang, key)

    def band_words(self, kind: str, **values: int) -> str:
        return self.catalog.t(self.lang, f"wait.{kind}", **values)

    def draw(self) -> None:
        t = self.t
        table = Table(
            title=t("queue.title"), expand=True, show_edge=False, box=None, title_style="bold"
        )
        table.add_column(t("queue.service"), ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(t("queue.waiting"), justify="right")
        table.add_column(t("queue.wait"), justify="right", no_wrap=True)
        rows = []
        for s in self.services:
            if not s.issuing:
                wait = t("queue.closed")
            else:
                wait = wait_words(s.estimated_wait_s, self.band_words)
            row = (f"{s.prefix}  {s.name.get(self.lang, s.name['lv'])}", str(s.waiting), wait)
            table.add_row(*(Text(cell) for cell in row))
            rows.append(row)
        # The same services keep the same height: no layout pass (see CallHistory).
        self.update(table, layout=len(rows) != len(self.rows))
        self.rows = rows
