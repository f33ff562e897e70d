"""The services page's buttons, one per service, under their institutions' names: the
service's name, people waiting and the expected wait, or why it does not issue now and when
it will ("Closed · opens Mon 8:30", or "Closed · " and a manager's reason; the button
disabled). Names from the config and a manager's words are plain text (`Content`), never
read as markup."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.state import Group
from kiosk.words import closed_text, wait_text
from server.i18n import Catalog
from server.protocol.views import ServiceInfo


def service_label(catalog: Catalog, lang: str, s: ServiceInfo) -> Content:
    name = s.name.get(lang) or s.name.get("lv", "")
    if not s.issuing:
        why = closed_text(catalog, lang, s.reason, s.opens_at, s.reason_text)
        return Content(f"{name}\n{why}")
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
