"""The display's one screen: the centre's name, the newest call in big letters, earlier calls,
the queue, a clock and the notice; or, on a window display, the sign of its counter.

Its state is bound from the app (`board`, `connection`, `refused`), plus the language on show,
which it cycles itself: the language is a function of the clock, like the clock and the
scrolling notice, so a frozen clock gives a still, testable picture. Everything a widget
shows is a computed attribute here, bound to the widget: when the board changes, only the
widgets whose part changed redraw. Nothing here looks widgets up, so a change that arrives
while the screen is being taken down has nothing to miss. A window display is this screen
with the `-window` class: the style shows its sign in place of the calls and the queue, so
a welcome that says "window" changes a class, not the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen

from display.board import Board, Call, ServiceLine
from display.widgets.call_banner import CallBanner
from display.widgets.call_history import CallHistory
from display.widgets.clock import Clock
from display.widgets.notice import Notice
from display.widgets.plain_label import PlainLabel
from display.widgets.queue_panel import QueuePanel
from display.widgets.window_sign import Sign, WindowSign, sign_of
from server.i18n import LANGS, Catalog

LANGUAGE_TICK_S = 0.25  # how late a language may change: a quarter second is not noticed


def language_at(now: datetime, cycle_s: float, first: str = LANGS[0], since: float = 0.0) -> str:
    """The language on show at `now`: each of LV, RU, EN for `cycle_s` seconds in turn, `first`
    from `since` (a POSIX time; by default the epoch, so every display shows the same), only
    `first` when `cycle_s` is 0."""
    if cycle_s <= 0:
        return first
    turn = int((now.timestamp() - since) // cycle_s)
    return LANGS[(LANGS.index(first) + turn) % len(LANGS)]


class WaitingRoom(Screen[None]):
    board: var[Board | None] = var(None)  # None until the first welcome, or once refused
    connection = var("connecting")  # the link's state
    refused: var[str | None] = var(None)  # the server's reason, once it refused this display
    lang = var(LANGS[0])

    # What the widgets show, computed from the above.
    centre = var("")
    badge = var("")
    timezone = var("Europe/Riga")
    caption = var("")
    latest: var[Call | None] = var(None)
    fresh: var[Call | None] = var(None)
    mark = var("")
    empty = var("")
    earlier: var[tuple[Call, ...]] = var(())
    services: var[tuple[ServiceLine, ...]] = var(())
    notice = var("")
    sign: var[Sign | None] = var(None)
    minute = var("")  # the clock's minute: a pause's "back at" turns to "back soon" with it

    def __init__(
        self,
        catalog: Catalog,
        clock: Callable[[], datetime],
        *,
        cycle_s: float,
        highlight_s: float,
        first_lang: str = LANGS[0],
        cycle_since: float = 0.0,
        window: str = "",
    ) -> None:
        """The language cycle is `language_at`'s: `cycle_s`, `first_lang`, `cycle_since`;
        `window` the counter of a window display (until a welcome says otherwise)."""
        super().__init__()
        self.window = window
        self.catalog = catalog
        self.clock = clock
        self.cycle = (cycle_s, first_lang, cycle_since)
        self.highlight_s = highlight_s
        self.set_reactive(WaitingRoom.lang, language_at(clock(), *self.cycle))

    def compose(self) -> ComposeResult:
        catalog, room = self.catalog, WaitingRoom
        with Horizontal(id="top"):
            yield PlainLabel(id="centre").data_bind(text=room.centre)
            yield PlainLabel(id="badge").data_bind(text=room.badge)
            yield Clock(self.clock, id="clock").data_bind(room.timezone)
        yield PlainLabel(id="caption").data_bind(text=room.caption)
        yield CallBanner(self.highlight_s, id="banner").data_bind(
            room.empty, room.fresh, room.mark, call=room.latest
        )
        with Horizontal(id="lower"):
            yield CallHistory(catalog, id="history").data_bind(room.lang, calls=room.earlier)
            yield QueuePanel(catalog, id="queue").data_bind(room.lang, room.services)
        yield WindowSign(self.highlight_s, id="sign").data_bind(room.sign)
        yield Notice(self.clock, id="notice").data_bind(text=room.notice)

    def on_mount(self) -> None:
        self.watch_board(self.board)
        self.set_interval(LANGUAGE_TICK_S, self.follow_clock)

    def follow_clock(self) -> None:
        now = self.clock()
        self.lang = language_at(now, *self.cycle)
        self.minute = now.strftime("%Y-%m-%d %H:%M")

    def watch_board(self, board: Board | None) -> None:
        window = board.window if board is not None else self.window
        self.set_class(bool(window), "-window")

    def t(self, key: str) -> str:
        return self.catalog.t(self.lang, key)

    def compute_centre(self) -> str:
        return self.board.centre.get(self.lang, "") if self.board else ""

    def compute_badge(self) -> str:
        # Only over a picture that may be stale; before the first welcome the big text says.
        away = self.board is not None and self.connection != "online"
        if away:
            return self.t("reconnecting")
        if self.board is not None and self.board.unknown and not self.board.window:
            unknown = ", ".join(self.board.unknown)
            return self.catalog.t(self.lang, "unknown_services", services=unknown)
        return ""

    def compute_timezone(self) -> str:
        return self.board.timezone if self.board else "Europe/Riga"

    def compute_caption(self) -> str:
        return self.t("call.caption") if self.board else ""

    def compute_latest(self) -> Call | None:
        return self.board.latest if self.board else None

    def compute_fresh(self) -> Call | None:
        return self.board.fresh if self.board else None

    def compute_mark(self) -> str:
        """The appointment mark of the big call, in the language on show."""
        latest = self.compute_latest()
        return self.t("call.appointment") if latest and latest.appointment else ""

    def compute_empty(self) -> str:
        """The big text while there is no call to show."""
        if self.board is not None:
            return self.t("call.none")
        if self.refused is not None:
            return self.catalog.t(self.lang, "refused", message=self.refused)
        return self.t("connecting")

    def compute_earlier(self) -> tuple[Call, ...]:
        return self.board.earlier if self.board else ()

    def compute_services(self) -> tuple[ServiceLine, ...]:
        return self.board.services if self.board else ()

    def compute_sign(self) -> Sign | None:
        if self.board is not None:
            if not self.board.window:
                return None
            return sign_of(self.board, self.catalog, self.lang, self.clock())
        return Sign(self.compute_empty()) if self.window else None

    def compute_notice(self) -> str:
        # Not above a counter: the sign is all a window display shows.
        shown = self.board is not None and not self.board.window
        return self.board.notice_in(self.lang) if self.board and shown else ""
