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
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.pages.base import VisitPage
from kiosk.state import Centre, Group, groups
from kiosk.visit import Visit
from kiosk.words import closed_text, wait_text
from server.i18n import Catalog
from server.protocol.views import ServiceInfo


def service_label(catalog: Catalog, lang: str, s: ServiceInfo) -> Content:
    name = s.name.get(lang) or s.name.get("lv", "")
    if not s.issuing:
        return Content(f"{name}\n{closed_text(catalog, lang, s.reason, s.opens_at)}")
    waiting = catalog.t(lang, "services.waiting", n=s.waiting)
    return Content(f"{name}\n{waiting} · {wait_text(catalog, lang, s.estimated_wait_s)}")


class ServiceList(VerticalScroll):
    """The buttons, under their institutions' names. Built again only when the services or
    the language change shape; a queue event just relabels the buttons."""

    groups: reactive[tuple[Group, ...]] = reactive(())
    lang: reactive[str] = reactive("lv")

    class Rebuilt(Message):
        """The buttons were made anew: the one that had the focus is gone."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(id="services")
        self.catalog = catalog
        self._shape: tuple[object, ...] = ()

    def shape(self) -> tuple[object, ...]:
        return (self.lang, tuple((g.name, tuple(s.id for s in g.services)) for g in self.groups))

    def compose(self) -> ComposeResult:
        self._shape = self.shape()
        for group in self.groups:
            if group.name is not None:
                name = group.name.get(self.lang) or group.name.get("lv", "")
                yield Static(Content(name), classes="institution")
            for s in group.services:
                yield Button(
                    service_label(self.catalog, self.lang, s),
                    id=f"svc-{s.id}",
                    classes="service",
                    disabled=not s.issuing,
                )

    async def watch_groups(self) -> None:
        await self._redraw()

    async def watch_lang(self) -> None:
        await self._redraw()

    async def _redraw(self) -> None:
        if self.shape() != self._shape:
            await self.recompose()
            self.post_message(self.Rebuilt())
            return
        for group in self.groups:
            for s in group.services:
                button = self.query_one(f"#svc-{s.id}", Button)
                button.label = service_label(self.catalog, self.lang, s)
                button.disabled = not s.issuing


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
