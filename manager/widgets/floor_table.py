"""The shape the floor's tables share: a `DataTable` bound to the app's floor, one row per
counter, service or kiosk (keyed by its id), redrawn when the floor changes and every second
on this widget's own timer (waits and pauses grow while nothing happens).

Rows are updated cell by cell, so the manager's highlighted row stays put while the floor
moves. Every cell is a `Text`: DataTable would read a plain `str` as markup, and names and
reasons come from the config or the wire.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable

from manager.floor import Floor
from manager.words import Words

Row = tuple[str, tuple[Text, ...]]


class FloorTable(DataTable[Text]):
    floor: reactive[Floor] = reactive(Floor(), init=False)
    # Column ids, each titled `<COLUMNS_KEY>.<id>` in the catalog.
    COLUMNS: tuple[str, ...] = ()
    COLUMNS_KEY = ""
    # The catalog key of the table's title (on its border).
    TITLE_KEY = ""

    def __init__(self, words: Words, clock: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.words = words
        self.clock = clock

    def on_mount(self) -> None:
        self.border_title = self.words.t(self.TITLE_KEY)
        for column in self.COLUMNS:
            self.add_column(self.words.t(f"{self.COLUMNS_KEY}.{column}"), key=column)
        self.set_interval(1.0, self.draw)
        self.draw()

    def watch_floor(self) -> None:
        self.draw()

    def lines(self, floor: Floor, now: datetime) -> list[Row]:
        """Each row's key and cells, in order."""
        raise NotImplementedError

    def draw(self) -> None:
        wanted = self.lines(self.floor, self.clock())
        keys = [key for key, _ in wanted]
        if keys != [k.value for k in self.rows]:
            self.clear()
            for key, cells in wanted:
                self.add_row(*cells, key=key)
            return
        for key, cells in wanted:
            for column, cell in zip(self.COLUMNS, cells, strict=True):
                self.update_cell(key, column, cell, update_width=True)

    @property
    def chosen(self) -> str | None:
        """The id of the highlighted row (None: the table is empty)."""
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return key.value
