"""The issued ticket: the number huge, service, people ahead, expected wait, the QR, and what
to do next. The printer's outcome is shown in a sentence; on a fault the number and QR stay
on screen and "Print again" reprints the SAME ticket (nothing new is requested). The number and
the service's name come from the server and the config: plain text (`Content`), never markup.

An appointment's ticket is marked so, with its booked time in the centre's time zone; a
visitor who checked in before that time is told they will be called then, instead of a wait.
A ticket joined from home and just checked in here says so, with the time it joined (it
queues from then)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.bigfont import big
from kiosk.pages.base import IdleRule, VisitPage
from kiosk.qr import qr_text
from kiosk.state import Centre
from kiosk.visit import Visit
from kiosk.words import clock_time, is_early, wait_text
from server.i18n import Catalog
from server.protocol.views import IssuedTicket

# Only if no welcome named the centre (a ticket comes only over a welcomed link).
UNKNOWN_TIMEZONE = "Europe/Riga"


class TicketPage(VisitPage):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "done", "Done")]

    visit: reactive[Visit] = reactive(Visit.start)
    centre: reactive[Centre | None] = reactive(None)
    # What the page is made from: it is made anew for each ticket (and language).
    ticket: reactive[IssuedTicket | None] = reactive(None)
    lang: reactive[str] = reactive("lv")

    class Reprint(Message):
        """Print this ticket again (the same ticket: nothing new is requested)."""

        def __init__(self, ticket: IssuedTicket) -> None:
            super().__init__()
            self.ticket = ticket

    class Home(Message):
        """The visitor is done."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        printer: bool,
        idle: IdleRule,
    ) -> None:
        super().__init__(catalog, id="ticket-page", idle=idle)
        self.printer = printer  # whether a printer is configured at all

    def compose(self) -> ComposeResult:
        t, lang, ticket = self.catalog.t, self.lang, self.ticket
        if ticket is None:
            return
        name = self.visit.service_name or {}
        with Vertical(id="ticket-info"):
            yield Static(t(lang, "ticket.your_number"), id="your-number")
            yield Static(Content(big(ticket.number)), id="number")
            yield Static(Content(ticket.number), id="number-plain")
            yield Static(Content(name.get(lang) or name.get("lv", "")), id="service")
            booked = self._booked_time()
            if booked:
                yield Static(t(lang, "ticket.appointment", time=booked), id="appointment-mark")
            elif ticket.remote:
                joined = clock_time(ticket.issued_at, self._timezone())
                yield Static(t(lang, "ticket.remote", time=joined), id="appointment-mark")
            yield Static(t(lang, "ticket.ahead", n=ticket.ahead), id="ahead")
            if booked and ticket.booked_for and is_early(ticket.booked_for, ticket.issued_at):
                yield Static(t(lang, "ticket.early", time=booked), id="wait")
            else:
                yield Static(wait_text(self.catalog, lang, ticket.estimated_wait_s), id="wait")
            text, fault = self._printing()
            yield Static(text, id="print-state", classes="fault" if fault else "")
            with Horizontal(id="ticket-buttons"):
                yield Button(
                    t(lang, "ticket.print_again"), id="reprint", classes="" if fault else "hidden"
                )
                yield Button(t(lang, "ticket.done"), id="done")
        with Vertical(id="ticket-qr"):
            yield Static(qr_text(ticket.status_url), id="qr")
            yield Static(t(lang, "ticket.scan"), id="scan")

    def watch_visit(self, visit: Visit) -> None:
        self.lang = visit.lang
        self.ticket = visit.ticket
        self._show_printing()

    def _show_printing(self) -> None:
        text, fault = self._printing()
        for state in self.query("#print-state").results(Static):
            state.update(text)
            state.set_class(fault, "fault")
        for button in self.query("#reprint").results(Button):
            button.set_class(not fault, "hidden")

    async def watch_ticket(self) -> None:
        await self._remade()

    async def watch_lang(self) -> None:
        await self._remade()

    async def _remade(self) -> None:
        """Compose the page anew, then show how printing goes now: a printer that fails
        at once answers while the new widgets are composed but not yet mounted, when
        `watch_visit` finds none to tell (and the page kept saying "Printing...")."""
        await self.remake()
        self._show_printing()

    def _booked_time(self) -> str:
        """An appointment's booked time of day ("10:20"), or "" for a walk-in."""
        ticket = self.ticket
        if ticket is None or ticket.booked_for is None:
            return ""
        return clock_time(ticket.booked_for, self._timezone())

    def _timezone(self) -> str:
        return self.centre.timezone if self.centre else UNKNOWN_TIMEZONE

    def _printing(self) -> tuple[str, bool]:
        """How printing went, in words, and whether it failed (a reprint is offered)."""
        t, lang, printing = self.catalog.t, self.lang, self.visit.printing
        if printing == "printing":
            return t(lang, "ticket.printing"), False
        if printing == "fault":
            return t(lang, "ticket.printer_fault"), True
        return t(lang, "ticket.take" if self.printer else "ticket.no_printer"), False

    def focus_default(self) -> None:
        for button in self.query("#done").results(Button):
            button.focus()

    def action_done(self) -> None:
        self.post_message(self.Home())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "done":
            self.post_message(self.Home())
        elif event.button.id == "reprint" and self.ticket is not None:
            self.post_message(self.Reprint(self.ticket))
