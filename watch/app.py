"""The watch app: every centre of the watch list read every `every_s` seconds, each on its
own worker, so a centre that answers slowly or not at all never holds up another.

State is one reactive `board` (watch/board.py); each finished read arrives as a `Read`
message and the app folds it in. A centre still being read when the next round comes is left
to finish (its own timeout ends it), never asked twice at once.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from textual.app import App
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from server.app_run import run
from server.i18n import Catalog
from server.protocol.live import Live
from server.staff_words import StaffWords
from watch import centres
from watch.board import Board
from watch.centres import Watched
from watch.fetch import TIMEOUT_S, Failure, read_live
from watch.screen import WatchScreen

EVERY_S = 10.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class WatchApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = False

    board: var[Board] = var(Board(), init=False)

    class Read(Message):
        """One centre's read came to `answer`."""

        def __init__(self, name: str, answer: Live | Failure, at: datetime) -> None:
            super().__init__()
            self.name = name
            self.answer = answer
            self.at = at

    def __init__(
        self,
        watched: tuple[Watched, ...],
        lang: str = "lv",
        *,
        clock: Callable[[], datetime] = utc_now,
        tz: tzinfo | None = None,
        every_s: float = EVERY_S,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        """`tz`: the zone "last read" is shown in (None: this computer's)."""
        super().__init__()
        self.words = StaffWords(Catalog("watch"), lang)
        self.watched = watched
        self.clock = clock
        self.tz = tz
        self.every_s = every_s
        self.timeout_s = timeout_s
        self.asking: set[str] = set()
        self.title = self.words.t("app.title")

    def get_default_screen(self) -> Screen[None]:
        screen = WatchScreen.labelled(self.words)(self.words, self.tz, self.every_s)
        return screen.data_bind(WatchApp.board)

    def on_mount(self) -> None:
        self.board = Board.of([c.name for c in self.watched])
        self.read_all()
        self.set_interval(self.every_s, self.read_all)

    def read_all(self) -> None:
        for centre in self.watched:
            if centre.name not in self.asking:
                self.asking.add(centre.name)
                self.run_worker(self.read_one(centre), group="read")

    async def read_one(self, centre: Watched) -> None:
        answer = await read_live(centre, self.timeout_s)
        self.post_message(self.Read(centre.name, answer, self.clock()))

    def on_watch_app_read(self, message: Read) -> None:
        self.asking.discard(message.name)
        self.board = self.board.read(message.name, message.answer, message.at)

    def on_watch_screen_read_now(self) -> None:
        self.read_all()


def main(args: argparse.Namespace) -> int:
    """`rinda network watch FILE`: a ConfigError (the file's problems) ends it before any
    screen is drawn."""
    run(WatchApp(centres.load(args.file), lang=args.lang))
    return 0
