"""One big button per service: its name, people waiting and the expected wait; a service
that does not issue now is disabled and says why ("Closed · opens Mon 8:30").

Services are grouped under their institution when the centre has services of more than one
institution (a VPVKAC hosts several), institutions in the order the centre's config lists
them (`kiosk.state.groups`), so a visitor looks for the office they know first.

Institution and service names come from the config: plain text (`Content`), never read as
markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.pages.base import VisitPage
from kiosk.state import Centre, groups
from kiosk.visit import Visit
from kiosk.widgets.service_list import ServiceList


class ServicesPage(VisitPage):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "back", "Back"),
        ("up", "app.focus_previous"),
        ("down", "app.focus_next"),
    ]

    centre: reactive[Centre | None] = reactive(None)
    visit: reactive[Visit] = reactive(Visit.start)

    class ServiceChosen(Message):
        def __init__(self, service: str) -> None:
            super().__init__()
            self.service = service

    class Home(Message):
        """The visitor went back to the language choice."""

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="title")
        yield Static(id="message")
        yield ServiceList(self.catalog)
        yield Button(id="back", classes="back")

    def watch_centre(self, centre: Centre | None) -> None:
        self.query_one(ServiceList).groups = groups(centre)

    def watch_visit(self, visit: Visit) -> None:
        t = self.catalog.t
        self.query_one("#title", Static).update(t(visit.lang, "services.title"))
        message = t(visit.lang, visit.message) if visit.message else ""
        self.query_one("#message", Static).update(Content(message))
        self.query_one("#back", Button).label = t(visit.lang, "services.back")
        self.query_one(ServiceList).lang = visit.lang

    def focus_default(self) -> None:
        for button in self.query("#services Button").results(Button):
            if not button.disabled:
                button.focus()
                return
        self.query_one("#back", Button).focus()

    def on_service_list_rebuilt(self, event: ServiceList.Rebuilt) -> None:
        event.stop()
        if self.showing:
            self.focus_default()

    def action_back(self) -> None:
        self.post_message(self.Home())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        ident = event.button.id or ""
        if ident == "back":
            self.post_message(self.Home())
        elif ident.startswith("svc-"):
            self.post_message(self.ServiceChosen(ident.removeprefix("svc-")))
