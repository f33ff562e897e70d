"""After a low score: "What was the main reason?", one button per configured reason (their
names come from the server's config: plain text, never markup), "Skip", and "Back" to the
faces for a visitor who tapped the wrong face.

The reason is optional: a visitor who walks away without tapping has still given the face,
so after `wait_s` seconds this page's timer sends the rating without a reason.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Button, Static

from feedback.pages.base import Page
from feedback.rating import Rating
from feedback.tablet import Tablet, in_lang
from server.i18n import Catalog


class ReasonsPage(Page):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("up", "app.focus_previous"),
        ("down", "app.focus_next"),
    ]

    page: reactive[str] = reactive("")
    """The page the app shows now (bound to the app's): the wait for a tap runs while it is
    this one."""
    tablet: reactive[Tablet | None] = reactive(None, recompose=True)

    class ReasonChosen(Message):
        def __init__(self, reason: str | None) -> None:
            super().__init__()
            self.reason = reason  # None: skipped, or nobody chose

    class Back(Message):
        """Back to the faces: the face was tapped by mistake."""

    def __init__(self, catalog: Catalog, *, wait_s: float) -> None:
        super().__init__(catalog, id="reasons-page")
        self.wait_s = wait_s
        self._gone: Timer | None = None

    def compose(self) -> ComposeResult:
        lang, t = self.rating.lang, self.catalog.t
        yield Static(t(lang, "reasons.question"), classes="title")
        yield Static(t(lang, "reasons.hint"), id="reasons-hint")
        with VerticalScroll(id="reasons"):
            for i, reason in enumerate(self.tablet.reasons if self.tablet else ()):
                name = in_lang(reason.name, lang, reason.id)
                yield Button(Content(name), id=f"reason-{i}", classes="reason")
        with Horizontal(id="reasons-end"):
            yield Button(t(lang, "reasons.back"), id="back", classes="skip")
            yield Button(t(lang, "reasons.skip"), id="skip", classes="skip")

    async def watch_rating(self, old: Rating, new: Rating) -> None:
        if old.lang != new.lang:
            await self.recompose()
            self._wait()  # someone is here, reading the reasons in another language

    @property
    def showing(self) -> bool:
        return self.page == self.id

    def watch_page(self) -> None:
        self._wait()

    def _wait(self) -> None:
        """Wait `wait_s` from now for a tap (only while this page is up)."""
        if self._gone is not None:
            self._gone.stop()
            self._gone = None
        if self.showing:
            self._gone = self.set_timer(self.wait_s, self._walked_away)

    def _walked_away(self) -> None:
        if self.showing:
            self.post_message(self.ReasonChosen(None))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ident = event.button.id or ""
        if ident == "skip":
            self.post_message(self.ReasonChosen(None))
        elif ident == "back":
            self.post_message(self.Back())
        elif ident.startswith("reason-") and self.tablet is not None:
            reasons = self.tablet.reasons
            i = int(ident.removeprefix("reason-"))
            if i < len(reasons):
                self.post_message(self.ReasonChosen(reasons[i].id))
