"""The window display's sign: what the small screen above one counter shows, very large.

`sign_of` words the counter's state in the language on show (a `Sign`: a caption line of
plain text and the big lines); `WindowSign` draws the big lines in the block font at the
largest scale at which all of them fit, under the caption. A line the font cannot draw (a
counter named in letters it lacks) is drawn as plain text instead, still whole. Having no
sound, it makes a new number stand out instead: the `-fresh` class for `highlight_s` seconds
when a number other than the one shown is called there (not on the first picture: that
call may be minutes old).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from display import font
from display.board import Board
from server.i18n import Catalog

TONES = ("called", "open", "paused", "closed", "")


@dataclass(frozen=True)
class Sign:
    caption: str  # one line of plain text: "Counter 3", "Paused — back at 14:30"
    big: tuple[str, ...] = ()  # the lines drawn very large: ("A012",), ("Pauze", "14:30")
    tone: str = ""  # one of TONES: the sign's colours


def sign_of(board: Board, catalog: Catalog, lang: str, now: datetime) -> Sign:
    """What a window display's `board` shows in `lang` at `now`."""

    def t(key: str, **values: str) -> str:
        return catalog.t(lang, f"window.{key}", **values)

    desk = board.desk
    if desk is None:
        return Sign(t("no_counter", counter=board.window))
    caption = t("counter", counter=desk.name)
    if desk.status == "closed":
        return Sign(caption, (t("closed"),), "closed")
    if desk.status == "paused":
        back = desk.back(board.timezone, now)
        paused = f"{caption} · {t('paused')}"
        if back is None:
            return Sign(paused, (t("paused"),), "paused")
        if not back:
            return Sign(f"{paused} — {t('back_soon')}", (t("paused"),), "paused")
        return Sign(f"{paused} — {t('back_at', time=back)}", (t("paused"), back), "paused")
    if desk.ticket:
        return Sign(caption, (desk.ticket,), "called")
    return Sign(caption, (t("open"),), "open")


class WindowSign(Widget):
    sign: reactive[Sign | None] = reactive(None)

    def __init__(self, highlight_s: float, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.highlight_s = highlight_s
        self.highlighted: Sign | None = None

    def watch_sign(self, before: Sign | None, sign: Sign | None) -> None:
        for tone in TONES:
            if tone:
                self.set_class(sign is not None and sign.tone == tone, f"-{tone}")
        # Before the first welcome the sign has no tone: the first number is not news. The
        # number, not the caption, is compared: the language taking turns is no news either.
        if before is None or not before.tone or sign is None:
            return
        if sign.tone == "called" and before.big != sign.big:
            self.highlighted = sign
            self.add_class("-fresh")
            self.set_timer(self.highlight_s, lambda: self.calm(sign))

    def calm(self, sign: Sign) -> None:
        # Only the newest number's timer may end the highlight.
        if self.highlighted is sign:
            self.remove_class("-fresh")

    @property
    def lines(self) -> tuple[str, ...]:
        """What is drawn, as plain text: the caption, then the big lines."""
        return () if self.sign is None else (self.sign.caption, *self.sign.big)

    def render(self) -> RenderResult:
        if self.sign is None:
            return Text("")
        size, big = self.content_size, self.sign.big
        text = Text(self.sign.caption, style="not bold")
        if not big:
            return text
        # The caption and a blank row above the big lines, a blank row between them.
        rows = max(0, size.height - 2 - (len(big) - 1)) // len(big)
        scale = min(font.fit(line, size.width, rows) for line in big)
        if scale == 0 or not all(font.covers(line) for line in big):
            for line in big:
                text.append("\n\n" + line)
            return text
        for line in big:
            text.append("\n\n" + "\n".join(font.render(line, scale)), style="bold")
        return text
