"""The first page: "How was your visit?" and five big faces, worst on the left.

On a counter's tablet, while the visit last finished at that counter is recent, it also says
so ("Your visit at counter 3"): the server gives the rating to that visit then. The line goes
by itself when the window is over, as the server's rule does: this page looks again every
second on the app's monotonic clock (tests move it).

No face has the focus when the page comes up: a highlighted face would look chosen already.
A visitor who switched the language and left without rating leaves it for the next one only
`idle_s` seconds: then the page posts `Idle` and the faces start over in the home language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from feedback.faces import FACES, face_label
from feedback.pages.base import Page
from feedback.tablet import Tablet, Visit, rates_visit
from server.i18n import Catalog
from server.protocol.messages import Lang

# How often the page looks at the clock: the visit line's window and the idle language.
CHECK_S = 1.0


class FacesPage(Page):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("left", "app.focus_previous"),
        ("right", "app.focus_next"),
    ]

    tablet: reactive[Tablet | None] = reactive(None)
    last: reactive[Visit | None] = reactive(None)

    class FaceChosen(Message):
        def __init__(self, score: int) -> None:
            super().__init__()
            self.score = score

    class Idle(Message):
        """Nobody has touched the faces in another language than the home one for a while."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        monotonic: Callable[[], float],
        home_lang: Lang,
        idle_s: float,
    ) -> None:
        super().__init__(catalog, id="faces-page")
        self.monotonic = monotonic
        self.home_lang = home_lang
        self.idle_s = idle_s
        self.last_touch = monotonic()
        self._hint = ""

    def on_mount(self) -> None:
        self.set_interval(CHECK_S, self.look)

    def look(self) -> None:
        self.show_hint()
        idle = self.monotonic() - self.last_touch >= self.idle_s
        if idle and self.rating.stage == "faces" and self.rating.lang != self.home_lang:
            self.post_message(self.Idle())

    def on_mouse_down(self) -> None:
        self.last_touch = self.monotonic()

    def compose(self) -> ComposeResult:
        yield Static(id="question", classes="title")
        yield Static(id="visit-hint")
        with Center(), Horizontal(id="faces"):
            for score in FACES:
                yield Button(id=f"face-{score}", classes=f"face face-{score}")
        yield Static(id="anonymous")

    def watch_rating(self) -> None:
        self.last_touch = self.monotonic()  # a language chosen, or a new rating begun
        lang, t = self.rating.lang, self.catalog.t
        self.query_one("#question", Static).update(t(lang, "faces.question"))
        self.query_one("#anonymous", Static).update(t(lang, "faces.anonymous"))
        for score in FACES:
            label = face_label(score, t(lang, f"faces.score_{score}"))
            self.query_one(f"#face-{score}", Button).label = label
        self.show_hint()

    def watch_tablet(self) -> None:
        self.show_hint()

    def watch_last(self) -> None:
        self.show_hint()

    def show_hint(self) -> None:
        tablet, hint = self.tablet, ""
        if tablet is not None and rates_visit(tablet, self.last, self.monotonic()):
            hint = self.catalog.t(self.rating.lang, "faces.at_counter", counter=tablet.counter_name)
        if hint != self._hint:
            self._hint = hint
            # The counter's name comes from the config: plain text, never markup.
            self.query_one("#visit-hint", Static).update(Content(hint))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ident = event.button.id or ""
        if ident.startswith("face-"):
            self.post_message(self.FaceChosen(int(ident.removeprefix("face-"))))
