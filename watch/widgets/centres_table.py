"""One row per centre of the watch list, in its order: its name, people waiting, the worst
service's longest wait against its target (red and marked "!" when over), counters open,
when it was last read, and how the last read went (with why, when it failed).

Every column shows on an 80-column terminal: when the cells do not fit on one line, the
headers take two lines, the worst service goes under its wait (cut shorter), and a centre's
name and a failure's reason wrap (watch/widgets/fit.py).

Every cell is a `Text`: names come from the watch list and the centres' answers, and a
DataTable would read a plain `str` as markup.
"""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widgets import DataTable

from server.protocol.live import Live
from server.staff_words import StaffWords
from watch.board import Board, Seen, waiting, worst
from watch.widgets.fit import Column, one_line, squeezed

# A service's name from the wire: one column, never the screen; shorter under its wait.
MAX_SERVICE_CHARS = 24
NARROW_SERVICE_CHARS = 16
# The state last: a failure's reason is the longest cell, and must not push the figures off.
COLUMNS = ("centre", "waiting", "longest", "open", "read", "state")
# The columns that may wrap when room is short, down to a word or two a line.
WRAPS_TO = {"centre": 12, "state": 12}
CELL_PADDING = 1

Rows = list[tuple[str, tuple[Text, ...]]]


class CentresTable(DataTable[Text]):
    board: reactive[Board] = reactive(Board(), init=False)

    def __init__(self, words: StaffWords, tz: tzinfo | None, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=CELL_PADDING)
        self.words = words
        self.tz = tz
        self.room = 0  # the width the columns were last fitted to (0: not laid out yet)

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self, event: events.Resize) -> None:
        if self.usable_width() != self.room:
            self.draw()

    def watch_board(self) -> None:
        self.draw()

    def usable_width(self) -> int:
        """The width the cells may take: a vertical scrollbar's room is kept whether it
        shows or not, so a row added later never pushes the last column off."""
        width = self.content_region.width - self.styles.scrollbar_size_vertical
        return max(0, width - 2 * CELL_PADDING * len(COLUMNS))

    def draw(self) -> None:
        """The whole table again, columns and all (a handful of rows every few seconds), each
        column given its width here. DataTable would measure its columns later, when it is
        next idle, and until then cut new, longer cells at the old width (the worst wait lost
        its "!"): a table redrawn from the app's message may not be idle for a while."""
        self.room = self.usable_width()
        labels = [self.words.t(f"col.{column}") for column in COLUMNS]
        rows = self.rows_of(narrow=False)
        widths = one_line(self.columns_of(labels, rows), self.room)
        narrow = widths is None
        if widths is None:
            rows = self.rows_of(narrow=True)
            widths = squeezed(self.columns_of(labels, rows), self.room)
        row = self.cursor_row
        self.clear(columns=True)
        self.header_height = 2 if narrow else 1
        for column, label, width in zip(COLUMNS, labels, widths, strict=True):
            self.add_column(Text(label), width=width, key=column)
        for name, cells in rows:
            # None: as many lines as its wrapped cells take.
            self.add_row(*cells, key=name, height=None if narrow else 1)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def rows_of(self, narrow: bool) -> Rows:
        return [(name, self.cells(name, seen, narrow)) for name, seen in self.board.centres.items()]

    @staticmethod
    def columns_of(labels: list[str], rows: Rows) -> list[Column]:
        return [
            Column(label, tuple(cells[i].plain for _, cells in rows), WRAPS_TO.get(COLUMNS[i]))
            for i, label in enumerate(labels)
        ]

    def cells(self, name: str, seen: Seen, narrow: bool = False) -> tuple[Text, ...]:
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
            self.longest(live, narrow),
            Text(str(live.counters.open)),
            Text(read),
            Text(w.t("state.ok"), style="green"),
        )

    def longest(self, live: Live, narrow: bool = False) -> Text:
        """ "22 min / 15 min · Taxes !" on one line; narrow, the service under its wait:
        "22 min / 15 min !", then "Taxes"."""
        w = self.words
        found = worst(live)
        if found is None:
            return Text(w.t("cell.nobody"), style="dim")
        service = live.services[found.service].name
        named = service.get(w.lang) or service.get("lv") or found.service
        most = NARROW_SERVICE_CHARS if narrow else MAX_SERVICE_CHARS
        if len(named) > most:
            named = named[: most - 1] + "…"
        target = w.duration(found.target_s) if found.target_s else "—"
        wait = f"{w.duration(found.longest_s)} / {target}"
        # Over the target: red, and marked for whoever cannot tell red.
        mark = " !" if found.over else ""
        text = f"{wait}{mark}\n{named}" if narrow else f"{wait} · {named}{mark}"
        return Text(text, style="bold red") if found.over else Text(text)
