"""The watch's one screen: a title line, how many centres were read, the table of centres,
and the keys. It draws the app's board (bound with `data_bind`) and asks for a read by a
message; it never calls into the app.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from server.staff_words import StaffWords
from watch.board import Board
from watch.widgets.centres_table import CentresTable

# Each key, its action, and its label in the catalog (`keys.<label>`).
KEYS = (("r", "read_now", "refresh"), ("q", "quit", "quit"))


class WatchScreen(Screen[None]):
    board: reactive[Board] = reactive(Board(), init=False)

    class ReadNow(Message):
        """The person asked for every centre to be read now."""

    @classmethod
    def labelled(cls, words: StaffWords) -> type[WatchScreen]:
        """This screen with its keys labelled in the app's language (Textual reads
        `BINDINGS` once, when a class is made)."""
        bindings = [Binding(key, action, words.t(f"keys.{label}")) for key, action, label in KEYS]
        return cast(type[WatchScreen], type(cls.__name__, (cls,), {"BINDINGS": bindings}))

    def __init__(self, words: StaffWords, tz: tzinfo | None, every_s: float) -> None:
        super().__init__()
        self.words = words
        self.tz = tz
        self.every_s = every_s

    def compose(self) -> ComposeResult:
        yield Static(self.words.t("app.title"), id="top", markup=False)
        yield Static(id="summary", markup=False)
        yield CentresTable(self.words, self.tz, id="centres").data_bind(WatchScreen.board)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CentresTable).focus()
        self.watch_board()

    def watch_board(self) -> None:
        read = sum(1 for seen in self.board.centres.values() if seen.current is not None)
        total = len(self.board.centres)
        every = f"{self.every_s:g}"
        summary = self.words.t("app.summary", read=read, total=total, every=every)
        self.query_one("#summary", Static).update(summary)

    def action_read_now(self) -> None:
        self.post_message(self.ReadNow())
