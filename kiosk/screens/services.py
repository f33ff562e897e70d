"""One big button per service: its name, people waiting and the expected wait; a service
that does not issue now is disabled and says why ("Closed · opens Mon 8:30").

Services are grouped under their institution when the centre has services of more than one
institution (a VPVKAC hosts several), so a visitor looks for the office they know first.

Institution and service names come from the config: plain text (`Content`), never read as
markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.screens.base import KioskScreen
from kiosk.words import closed_text, wait_text
from server.protocol.views import ServiceInfo


class ServicesScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "back", "Back"),
        ("up", "app.focus_previous"),
        ("down", "app.focus_next"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="services-page"):
            yield Static(self.t("services.title"), id="title", classes="title")
            yield Static("", id="message")
            yield VerticalScroll(id="services")
            yield Button(self.t("services.back"), id="back", classes="back")

    async def on_mount(self) -> None:
        await self.refresh_services()
        self.focus_first()

    def focus_first(self) -> None:
        for button in self.query("#services Button").results(Button):
            if not button.disabled:
                button.focus()
                return
        self.query_one("#back", Button).focus()

    def label(self, s: ServiceInfo) -> Content:
        lang = self.kiosk.lang
        name = s.name.get(lang) or s.name.get("lv", "")
        if not s.issuing:
            why = closed_text(self.kiosk.catalog, lang, s.reason, s.opens_at)
            return Content(f"{name}\n{why}")
        waiting = self.t("services.waiting", n=s.waiting)
        wait = wait_text(self.kiosk.catalog, lang, s.estimated_wait_s)
        return Content(f"{name}\n{waiting} · {wait}")

    async def refresh_services(self) -> None:
        """Redraw the buttons from the app's current services (snapshot + queue events)."""
        boxes = self.query("#services").results(VerticalScroll)
        box = next(boxes, None)
        if box is None:
            return  # emptied by the app shutting down (see StartScreen.refresh_centre)
        services = self.kiosk.services
        buttons = {b.id: b for b in box.query(Button).results(Button)}
        if set(buttons) == {f"svc-{s.id}" for s in services}:
            for s in services:
                b = buttons[f"svc-{s.id}"]
                b.label = self.label(s)
                b.disabled = not s.issuing
            return
        focused = self.focused
        await box.remove_children()
        grouped = len({s.institution for s in services}) > 1
        widgets: list[Static | Button] = []
        seen: set[str] = set()
        for s in services:
            if grouped and s.institution not in seen:
                seen.add(s.institution)
                name = s.institution_name or {"lv": s.institution}
                widgets.append(
                    Static(
                        Content(name.get(self.kiosk.lang) or name.get("lv", "")),
                        classes="institution",
                    )
                )
            widgets.append(
                Button(
                    self.label(s),
                    id=f"svc-{s.id}",
                    classes="service",
                    disabled=not s.issuing,
                )
            )
        await box.mount_all(widgets)
        if focused is not None and not focused.is_attached:
            self.focus_first()

    def show_message(self, text: str) -> None:
        self.query_one("#message", Static).update(Content(text))

    def set_busy(self, busy: bool) -> None:
        self.query_one("#message", Static).update(self.t("services.taking") if busy else "")

    def action_back(self) -> None:
        self.kiosk.go_home()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "back":
            self.kiosk.go_home()
        elif event.button.id and event.button.id.startswith("svc-"):
            self.kiosk.choose_service(event.button.id.removeprefix("svc-"))
