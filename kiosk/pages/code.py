"""The code page: a visitor with a booking enters its code on a big keypad of the code's own
alphabet (2-9 and A-Z without I and O: no key for a character no code has), or types it on a
keyboard, and taps OK. The code is shown big, in two groups of three ("K7M 4QP").

The keys do not take the focus when tapped, so it stays on OK (or where the arrow keys put
it): Enter on a keyboard is OK. A scanned code is read by the app on every page, this one too.
The page holds no code of its own: it posts what was typed and draws the visit's `code`.
Where visitors may join the queue from home, its words name a ticket's code too.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.bigfont import big
from kiosk.check_in import grouped, typed_char
from kiosk.pages.base import VisitPage
from kiosk.state import Centre
from kiosk.visit import Visit
from server.core.booking import CODE_ALPHABET
from server.i18n import LANGS
from server.protocol.messages import Lang


def big_code(code: str) -> Content:
    """The code in block letters, grouped, its rows of one width so they stay aligned when
    centred (blank glyphs at the end would otherwise be trimmed off some rows)."""
    rows = big(grouped(code)).split("\n")
    width = max(len(r) for r in rows)
    return Content("\n".join(r.ljust(width) for r in rows))


class KeyButton(Button, can_focus=False):
    """A keypad key: tapped, it leaves the focus where it was, and every tap counts."""

    def __init__(self, label: str, *, id: str, classes: str = "") -> None:
        super().__init__(label, id=id, classes=classes)
        # A Button ignores a tap while it still shows the last one (0.2 s): a code's "ZZ"
        # tapped quickly would be one Z. The code on screen is the feedback instead.
        self.active_effect_duration = 0


class CodePage(VisitPage):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "back", "Back"),
        ("backspace", "erase", "Erase"),
        ("delete", "clear", "Clear"),
        ("left", "app.focus_previous"),
        ("right", "app.focus_next"),
    ]

    visit: reactive[Visit] = reactive(Visit.start)
    centre: reactive[Centre | None] = reactive(None)
    lang: reactive[str] = reactive("lv")

    # The sentences that name a ticket taken online too, where one can be (`*_remote`).
    REMOTE_WORDED = frozenset({"code.title", "code.hint", "code.unknown"})

    # Each key is its own message, applied in order by the app: a scanner types faster than
    # the visit comes back down to this page.
    class Typed(Message):
        def __init__(self, char: str) -> None:
            super().__init__()
            self.char = char

    class Erased(Message):
        """The last character is gone."""

    class Cleared(Message):
        """The whole code is gone."""

    class Submitted(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    class Back(Message):
        """Back to the start."""

    class LanguageChosen(Message):
        def __init__(self, lang: Lang) -> None:
            super().__init__()
            self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        t, lang = self.catalog.t, self.lang
        yield Static(self.text("code.title"), id="code-title", classes="title")
        yield Static(big_code(self.visit.code), id="code-big")
        yield Static(Content(grouped(self.visit.code)), id="code-plain")
        yield Static(Content(self.message_text()), id="message")
        with Horizontal(id="keypad-area"):
            with Grid(id="keypad"):
                for ch in CODE_ALPHABET:
                    yield KeyButton(ch, id=f"key-{ch}", classes="key")
            with Vertical(id="keypad-edit"):
                yield KeyButton(t(lang, "code.erase"), id="erase")
                yield KeyButton(t(lang, "code.clear"), id="clear")
                yield Button(t(lang, "code.ok"), id="ok")
        with Horizontal(id="code-bottom"):
            yield Button(t(lang, "code.back"), id="back")
            for other in LANGS:
                name = self.catalog.t(other, "start.language_name")
                yield Button(name, id=f"code-lang-{other}", classes="code-lang")

    def text(self, key: str) -> str:
        remote = self.centre is not None and self.centre.remote and key in self.REMOTE_WORDED
        return self.catalog.t(self.lang, f"{key}_remote" if remote else key)

    def message_text(self) -> str:
        return self.text(self.visit.message or "code.hint")

    def watch_centre(self) -> None:
        for title in self.query("#code-title").results(Static):
            title.update(self.text("code.title"))
        for shown in self.query("#message").results(Static):
            shown.update(Content(self.message_text()))

    def watch_visit(self, visit: Visit) -> None:
        self.lang = visit.lang
        # None while the page is being made anew: it is made with this visit then.
        for shown in self.query("#code-big").results(Static):
            shown.update(big_code(visit.code))
        for shown in self.query("#code-plain").results(Static):
            shown.update(Content(grouped(visit.code)))
        for shown in self.query("#message").results(Static):
            shown.update(Content(self.message_text()))

    async def watch_lang(self) -> None:
        await self.remake()

    def focus_default(self) -> None:
        for button in self.query("#ok").results(Button):
            button.focus()

    def on_key(self, event: events.Key) -> None:
        super().on_key(event)
        ch = typed_char(event.character)
        if ch is not None:
            event.stop()
            self.post_message(self.Typed(ch))

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_erase(self) -> None:
        self.post_message(self.Erased())

    def action_clear(self) -> None:
        self.post_message(self.Cleared())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ident = event.button.id or ""
        if ident == "ok":
            self.post_message(self.Submitted(self.visit.code))
        elif ident == "erase":
            self.action_erase()
        elif ident == "clear":
            self.action_clear()
        elif ident == "back":
            self.post_message(self.Back())
        elif ident.startswith("key-"):
            self.post_message(self.Typed(ident.removeprefix("key-")))
        else:
            for lang in LANGS:
                if ident == f"code-lang-{lang}":
                    self.post_message(self.LanguageChosen(lang))
