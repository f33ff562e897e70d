"""One row per centre of the watch list, in its order: its name, people waiting, the worst
service's longest wait against its target (red and marked "!" when over), counters open,
when it was last read, and how the last read went (with why, when it failed).

Every cell is a `Text`: names come from the watch list and the centres' answers, and a
DataTable would read a plain `str` as markup.
"""

from __future__ import annotations

from datetime import tzinfo

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable

from server.protocol.live import Live
from server.staff_words import StaffWords
from watch.board import Board, Seen, waiting, worst

MAX_SERVICE_CHARS = 40
# The state last: a failure's reason is the longest cell, and must not push the figures off.
COLUMNS = ("centre", "waiting", "longest", "open", "read", "state")


class CentresTable(DataTable[Text]):
    board: reactive[Board] = reactive(Board(), init=False)

    def __init__(self, words: StaffWords, tz: tzinfo | None, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.words = words
        self.tz = tz

    def on_mount(self) -> None:
        self.draw()

    def watch_board(self) -> None:
        self.draw()

    def draw(self) -> None:
        """The whole table again, columns and all (a handful of rows every few seconds), each
        column as wide as its widest cell. DataTable would measure its columns later, when it
        is next idle, and until then cut new, longer cells at the old width (the worst wait
        lost its "!"): a table redrawn from the app's message may not be idle for a while."""
        rows = [(name, self.cells(name, seen)) for name, seen in self.board.centres.items()]
        row = self.cursor_row
        self.clear(columns=True)
        for i, column in enumerate(COLUMNS):
            label = self.words.t(f"col.{column}")
            width = max([cell_len(label), *(cells[i].cell_len for _, cells in rows)])
            self.add_column(label, width=width, key=column)
        for name, cells in rows:
            self.add_row(*cells, key=name)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def cells(self, name: str, seen: Seen) -> tuple[Text, ...]:
        w = self.words
        read = w.t("cell.never")
        if seen.read_at is not None:
            read = seen.read_at.astimezone(self.tz).strftime("%H:%M:%S")
        live = seen.current
        if live is None:
            if seen.failure is None:
                state = Text(w.t("state.reading"), style="dim")
            else:
                why = w.t(f"why.{seen.failure.reason}", detail=seen.failure.detail)
                state = Text(f"{w.t(f'state.{seen.failure.kind}')}: {why}", style="bold red")
            dash = Text("—", style="dim")
            return (Text(name), dash, dash, dash, Text(read, style="yellow"), state)
        return (
            Text(name),
            Text(str(waiting(live))),
            self.longest(live),
            Text(str(live.counters.open)),
            Text(read),
            Text(w.t("state.ok"), style="green"),
        )

    def longest(self, live: Live) -> Text:
        w = self.words
        found = worst(live)
        if found is None:
            return Text(w.t("cell.nobody"), style="dim")
        service = live.services[found.service].name
        named = service.get(w.lang) or service.get("lv") or found.service
        if len(named) > MAX_SERVICE_CHARS:  # a name from the wire: one column, not the screen
            named = named[: MAX_SERVICE_CHARS - 1] + "…"
        target = w.duration(found.target_s) if found.target_s else "—"
        text = f"{w.duration(found.longest_s)} / {target} · {named}"
        # Over the target: red, and marked for whoever cannot tell red.
        return Text(text + " !", style="bold red") if found.over else Text(text)
