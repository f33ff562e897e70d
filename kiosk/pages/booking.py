"""Why a booking cannot be checked in now: it has lapsed (the visitor came after its grace
window), it is for another day, or it was checked in or cancelled already. Said in the
kiosk's own sentence (`kiosk.check_in`), with a way on: a ticket without an appointment
(to the services page) or done.

A ticket joined from home is said as a ticket (`booking.remote_*`): its place lapsed (a new
ticket, then), it was called or ended already, or it is checked in already (nothing to take:
only "done")."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.pages.base import VisitPage
from kiosk.visit import Visit


class BookingPage(VisitPage):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "done", "Done"),
        ("up", "app.focus_previous"),
        ("down", "app.focus_next"),
    ]

    visit: reactive[Visit] = reactive(Visit.start)

    class WalkIn(Message):
        """A ticket without an appointment, please."""

    class Home(Message):
        """The visitor is done."""

    def compose(self) -> ComposeResult:
        with Vertical(id="booking-text"):
            yield Static(id="booking-title", classes="title")
            yield Static(id="booking-message")
            yield Button(id="walk-in", classes="big-wide")
            yield Button(id="booking-done", classes="big-wide")

    def watch_visit(self, visit: Visit) -> None:
        t, lang = self.catalog.t, visit.lang
        remote = visit.message.startswith("booking.remote_")
        title = "booking.remote_title" if remote else "booking.title"
        self.query_one("#booking-title", Static).update(t(lang, title))
        key = visit.message if visit.message.startswith("booking.") else ""
        text = t(lang, key, when=visit.when) if key else ""
        self.query_one("#booking-message", Static).update(Content(text))
        walk_in = self.query_one("#walk-in", Button)
        walk_in.label = t(lang, "booking.remote_new" if remote else "booking.walk_in")
        # Checked in already: the visitor has their ticket and nothing to take.
        walk_in.set_class(visit.message == "booking.remote_here", "hidden")
        self.query_one("#booking-done", Button).label = t(lang, "ticket.done")

    def focus_default(self) -> None:
        walk_in = self.query_one("#walk-in", Button)
        (
            self.query_one("#booking-done", Button) if walk_in.has_class("hidden") else walk_in
        ).focus()

    def action_done(self) -> None:
        self.post_message(self.Home())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "walk-in":
            self.post_message(self.WalkIn())
        elif event.button.id == "booking-done":
            self.post_message(self.Home())
