"""The waiting-room display: the newest call in big letters, earlier calls, the queue, a clock.
A zone display shows only some services; a window display only the sign of one counter.

It is a `display` device of the server (anonymous when it has no token). The app holds the
state the link brings, in reactive attributes and nothing else: the `Board` (display/board.py
turns each welcome snapshot and event into the next one, so after a reconnect the screen is
redrawn from scratch), the link's state and a refusal. The screen (display/waiting_room.py)
is bound to them and draws; the app only announces the calls the board says are news.

Because the link's messages only set these attributes, one that arrives during shutdown has
nothing to break: Textual stops calling the watchers of a screen or widget that is closing.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.reactive import var

from display.announce import Announcer
from display.board import Board
from display.waiting_room import WaitingRoom, language_at
from server.app_run import run
from server.i18n import LANGS, Catalog
from server.protocol.link import Link
from server.protocol.messages import PROTOCOL, Hello

logger = logging.getLogger("rinda.display")


def utc_now() -> datetime:
    return datetime.now(UTC)


class DisplayApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it
    TITLE = "Rinda"

    board: var[Board | None] = var(None)  # None until the first welcome, or once refused
    connection = var("connecting")  # the link's state: "connecting", "online" or "offline"
    refused: var[str | None] = var(None)  # the server's reason, once it refused this display

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        announcer: Announcer | None = None,
        history: int | None = None,
        cycle_s: float = 8.0,
        first_lang: str | None = None,
        highlight_s: float = 6.0,
        backoff_initial: float = 0.2,
        services: tuple[str, ...] = (),
        counter: str = "",
    ) -> None:
        """`history` overrides the centre's `[display] history`; `cycle_s` is how long each
        language's labels stay up; `first_lang` the language shown first (default: the one
        the clock says, as on every other display); `highlight_s` how long a new call stands
        out. `services` makes it a zone display, `counter` a window display, unless its
        device entry in the config says otherwise (the welcome tells)."""
        super().__init__()
        # Without a token it is an anonymous display (allowed from the server machine). A
        # window display names its counter, so the server tells it when a visit there ends.
        hello = Hello(
            protocol=PROTOCOL, role="display", token=token or None, counter=counter or None
        )
        self.link = Link(self, url, hello, backoff_initial=backoff_initial)
        self.catalog = Catalog("display")
        self.clock = clock
        self.announcer = announcer
        self.history = history
        self.cycle_s = cycle_s
        # Given a first language, the cycle starts from it now; without, it runs on the clock
        # from its epoch, the same on every display.
        self.first_lang = first_lang or LANGS[0]
        self.cycle_since = clock().timestamp() if first_lang else 0.0
        self.highlight_s = highlight_s
        self.services = services
        self.counter = counter

    def get_default_screen(self) -> WaitingRoom:
        room = WaitingRoom(
            self.catalog,
            self.clock,
            cycle_s=self.cycle_s,
            highlight_s=self.highlight_s,
            first_lang=self.first_lang,
            cycle_since=self.cycle_since,
            window=self.counter,
        )
        return room.data_bind(DisplayApp.board, DisplayApp.connection, DisplayApp.refused)

    def on_mount(self) -> None:
        self.link.start()
        if self.announcer is not None:
            self.run_worker(self.announcer.run(), name="announcer", group="announcer")

    async def on_unmount(self) -> None:
        # Say goodbye properly, so the server drops this display at once rather than after
        # its keepalive gives up on a socket left open.
        await self.link.close()

    # -- the link: each message sets state, and the news is announced ------------------------

    def on_link_welcome(self, message: Link.Welcome) -> None:
        self.board = Board.from_snapshot(
            message.snapshot, self.board, self.history, self.services, self.counter
        )
        self.announce()

    def on_link_event(self, message: Link.Event) -> None:
        if self.board is not None:
            self.board = self.board.apply(message.frame)
            self.announce()

    def on_link_state(self, message: Link.State) -> None:
        self.connection = message.state

    def on_link_refused(self, message: Link.Refused) -> None:
        self.refused = message.message
        self.board = None

    def announce(self) -> None:
        if self.announcer is not None and self.board is not None:
            for call in self.board.news:
                self.announcer.announce(call)

    def warn(self, reason: str) -> None:
        """The announcer went silent: say so once, on screen, for the person setting up (in
        the language on show)."""
        lang = language_at(self.clock(), self.cycle_s, self.first_lang, self.cycle_since)
        self.notify(self.catalog.t(lang, f"warning.{reason}"), severity="warning", timeout=15)


def create_app(args: argparse.Namespace) -> DisplayApp:
    app = DisplayApp(
        args.url,
        args.token,
        history=args.history,
        cycle_s=args.cycle,
        first_lang=args.lang,
        services=tuple(args.services),
        counter=args.counter or "",
    )
    # A window display never announces: the waiting room's displays do.
    if not args.no_sound and not args.counter:
        app.announcer = Announcer(args.languages, app.warn)
    return app


def main(args: argparse.Namespace) -> int:
    run(create_app(args))
    return 0
