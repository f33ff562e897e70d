"""The waiting-room display: the newest call in big letters, earlier calls, the queue, a clock.

It is a `display` device of the server (anonymous when it has no token). Everything it draws
comes from a `Board` (display/board.py): built from each welcome snapshot — so after a
reconnect the screen is redrawn from scratch — and changed by `called`, `queue` and `day`
events. Labels cycle through Latvian, Russian and English; the language on screen is a
function of the clock, like the clock itself and the scrolling notice, so a frozen clock gives
a still, testable picture.

Names and the notice come from the centre's config and counter names from the wire: they are
drawn as plain text (`Content`, `rich.text.Text`), never read as markup.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual.app import App, ComposeResult, ScreenStackError
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

from display.announce import Announcer
from display.board import Board, Call
from display.widgets.call_banner import CallBanner
from display.widgets.call_history import CallHistory
from display.widgets.clock import Clock
from display.widgets.notice import Notice
from display.widgets.queue_panel import QueuePanel
from server.app_run import run
from server.i18n import LANGS, Catalog
from server.protocol.events import DayStarted, Queue
from server.protocol.link import Link
from server.protocol.messages import PROTOCOL, Hello

logger = logging.getLogger("rinda.display")

TICK_S = 0.25  # clock, notice scroll and language cycle: smooth enough, cheap enough
MISSED_ANNOUNCED = 3  # calls made during an outage that are announced when the link is back


def utc_now() -> datetime:
    return datetime.now(UTC)


class DisplayApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it
    TITLE = "Rinda"

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
    ) -> None:
        """`history` overrides the centre's `[display] history`; `cycle_s` is how long each
        language's labels stay up; `first_lang` the language shown first (default: the one
        the clock says, as on every other display); `highlight_s` how long a new call stands
        out."""
        super().__init__()
        # Without a token it is an anonymous display (allowed from the server machine).
        hello = Hello(protocol=PROTOCOL, role="display", token=token or None)
        self.link = Link(self, url, hello, backoff_initial=backoff_initial)
        self.catalog = Catalog("display")
        self.clock = clock
        self.announcer = announcer
        self.history = history
        self.cycle_s = cycle_s
        # Given a first language, the cycle starts from it now; without, it runs on the clock
        # from its epoch, the same on every display.
        self.first_lang = first_lang or LANGS[0]
        self._cycle_origin = clock().timestamp() if first_lang else 0.0
        self.highlight_s = highlight_s
        self.board: Board | None = None
        self.state = "connecting"
        self.refused: str | None = None
        self._highlights = 0  # calls highlighted so far
        self.lang = self.language_now()
        # Set after every redraw caused by the server or a highlight ending: tests await it.
        self.changed = asyncio.Event()

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Label(id="centre")
            yield Label(id="badge")
            yield Clock(self.clock, id="clock")
        yield Label(id="caption")
        yield CallBanner(id="banner")
        with Horizontal(id="lower"):
            yield CallHistory(id="history")
            yield QueuePanel(id="queue")
        yield Notice(id="notice")

    def on_mount(self) -> None:
        self.redraw()
        self.set_interval(TICK_S, self.tick)
        self.link.start()
        if self.announcer is not None:
            self.run_worker(self.announcer.run(), name="announcer", group="announcer")

    async def on_unmount(self) -> None:
        # Say goodbye properly, so the server drops this display at once rather than after
        # its keepalive gives up on a socket left open.
        await self.link.close()

    # -- language and time -----------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        return self.catalog.t(self.lang, key, **values)

    def language_now(self) -> str:
        if self.cycle_s <= 0:
            return self.first_lang
        turn = int((self.clock().timestamp() - self._cycle_origin) // self.cycle_s)
        return LANGS[(LANGS.index(self.first_lang) + turn) % len(LANGS)]

    def tick(self) -> None:
        if self._gone():
            return  # a last tick during shutdown: the widgets it would draw on are gone
        lang = self.language_now()
        if lang != self.lang:
            self.lang = lang
            self.redraw()
        else:
            self.query_one(Clock).tick()
            self._draw_notice()

    # -- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw everything from the board in the current language."""
        board = self.board
        clock = self.query_one(Clock)
        if board is not None:
            clock.tz = ZoneInfo(board.timezone)
        clock.tick()
        self._draw_badge()
        self._draw_notice()
        banner = self.query_one(CallBanner)
        if board is None:
            self.query_one("#caption", Label).update("")
            message = self.refused if self.refused is not None else self.t("connecting")
            banner.show(None, message)
            return
        self.query_one("#centre", Label).update(Content(board.centre.get(self.lang, "")))
        self._draw_calls()
        self.query_one(QueuePanel).show(board.services, self.lang, self.t)

    def _draw_calls(self) -> None:
        assert self.board is not None
        caption = self.t("call.caption")
        label = self.query_one("#caption", Label)
        if str(label.content) != caption:  # an update costs a layout pass: only on a change
            label.update(caption)
        self.query_one(CallBanner).show(self.board.latest, self.t("call.none"))
        self.query_one(CallHistory).show(self.board.earlier, self.t("history.title"), caption)

    def _draw_badge(self) -> None:
        badge = self.query_one("#badge", Label)
        badge.display = self.state != "online" and self.board is not None
        badge.update(self.t("reconnecting"))

    def _draw_notice(self) -> None:
        notice = self.board.notice if self.board else None
        text = (notice.get(self.lang) or notice.get("lv", "")) if notice else ""
        self.query_one(Notice).show(text, self.clock().timestamp())

    def _highlight(self) -> None:
        banner = self.query_one(CallBanner)
        banner.add_class("-fresh")
        # A later call restarts the highlight: only the newest call's timer may clear it.
        self._highlights += 1
        mine = self._highlights

        def clear() -> None:
            if self._highlights == mine:
                banner.remove_class("-fresh")
                self.changed.set()

        self.set_timer(self.highlight_s, clear)

    # -- the link --------------------------------------------------------------------------

    def _gone(self) -> bool:
        """True once shutdown has removed the widgets: the link's last words are dropped."""
        try:
            return not self.screen.query("#banner")
        except ScreenStackError:
            return True

    def on_link_welcome(self, message: Link.Welcome) -> None:
        if self._gone():
            return
        before = self.board
        self.board = Board.from_snapshot(message.snapshot)
        if self.history is not None:
            self.board.history = self.history
        self.redraw()
        if before is not None:
            # Calls made while the link was down were never heard: say the latest few now
            # (older ones are stale; they are on screen anyway).
            seen = {(c.ticket, c.counter, c.at) for c in before.calls}
            missed = [c for c in self.board.calls if (c.ticket, c.counter, c.at) not in seen]
            for call in reversed(missed[:MISSED_ANNOUNCED]):
                self._announce(call)
        self.changed.set()

    def on_link_event(self, message: Link.Event) -> None:
        if self.board is None or self._gone():
            return
        frame = message.frame
        call = self.board.apply(frame)
        if call is not None:
            self._draw_calls()
            self._highlight()
            self._announce(call)
        elif isinstance(frame, Queue):
            self.query_one(QueuePanel).show(self.board.services, self.lang, self.t)
        elif isinstance(frame, DayStarted):
            self._draw_calls()
        self.changed.set()

    def on_link_state(self, message: Link.State) -> None:
        self.state = message.state
        if self._gone():
            return
        self._draw_badge()
        self.changed.set()

    def on_link_refused(self, message: Link.Refused) -> None:
        if self._gone():
            return
        self.refused = self.t("refused", message=message.message)
        self.board = None
        self.redraw()
        self.changed.set()

    def _announce(self, call: Call) -> None:
        if self.announcer is not None:
            self.announcer.announce(call)

    def warn(self, reason: str) -> None:
        """The announcer went silent: say so once, on screen, for the person setting up."""
        self.notify(self.t(f"warning.{reason}"), severity="warning", timeout=15)


def create_app(args: argparse.Namespace) -> DisplayApp:
    app = DisplayApp(
        args.url, args.token, history=args.history, cycle_s=args.cycle, first_lang=args.lang
    )
    if not args.no_sound:
        app.announcer = Announcer(args.languages, app.warn)
    return app


def main(args: argparse.Namespace) -> int:
    run(create_app(args))
    return 0
