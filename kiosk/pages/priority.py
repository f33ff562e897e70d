"""The "Do you have priority?" page: one button per category and a clear "No"; one tap each.
Category names (config) are plain text (`Content`), never read as markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.pages.base import VisitPage
from kiosk.state import Centre
from kiosk.visit import Visit
from server.protocol.views import PriorityInfo


class PriorityPage(VisitPage):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "back", "Back"),
        ("up", "app.focus_previous"),
        ("down", "app.focus_next"),
    ]

    centre: reactive[Centre | None] = reactive(None)
    visit: reactive[Visit] = reactive(Visit.start)
    # What the buttons are made from: they are made anew when either changes (rarely).
    priorities: reactive[tuple[PriorityInfo, ...]] = reactive(())
    lang: reactive[str] = reactive("lv")

    class PriorityChosen(Message):
        def __init__(self, priority: str | None) -> None:
            super().__init__()
            self.priority = priority  # None: no priority

    class Back(Message):
        """Back to the services."""

    def compose(self) -> ComposeResult:
        t, lang = self.catalog.t, self.lang
        yield Static(t(lang, "priority.question"), classes="title")
        yield Static(Content(self.message_text()), id="message")
        yield Button(t(lang, "priority.no"), id="prio-none", classes="big-wide")
        for p in self.priorities:
            yield Button(
                Content(p.name.get(lang) or p.name.get("lv", "")),
                id=f"prio-{p.id}",
                classes="big-wide",
            )
        yield Button(t(lang, "services.back"), id="back", classes="back")

    def message_text(self) -> str:
        key = self.visit.message
        return self.catalog.t(self.lang, key) if key else ""

    def watch_centre(self, centre: Centre | None) -> None:
        self.priorities = centre.priorities if centre else ()

    def watch_visit(self, visit: Visit) -> None:
        self.lang = visit.lang
        # None while the buttons are being made anew: they are made with this message then.
        for message in self.query("#message").results(Static):
            message.update(Content(self.message_text()))

    async def watch_priorities(self) -> None:
        await self.remake()

    async def watch_lang(self) -> None:
        await self.remake()

    def focus_default(self) -> None:
        for button in self.query("#prio-none").results(Button):
            button.focus()

    def action_back(self) -> None:
        self.post_message(self.Back())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ident = event.button.id or ""
        if ident == "back":
            self.post_message(self.Back())
        elif ident == "prio-none":
            self.post_message(self.PriorityChosen(None))
        elif ident.startswith("prio-"):
            self.post_message(self.PriorityChosen(ident.removeprefix("prio-")))
