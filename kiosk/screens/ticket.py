"""The issued ticket: the number huge, service, people ahead, expected wait, the QR, and what
to do next. The printer's outcome is shown in a sentence; on a fault the number and QR stay
on screen and "Print again" reprints the SAME ticket (nothing new is requested). The number and
the service's name come from the server and the config: plain text (`Content`), never markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.bigfont import big
from kiosk.qr import qr_text
from kiosk.screens.base import KioskScreen
from kiosk.words import wait_text
from server.protocol.views import IssuedTicket


class TicketScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "done", "Done")]

    def __init__(self, ticket: IssuedTicket, service_name: str) -> None:
        super().__init__()
        self.ticket = ticket
        self.service_name = service_name

    def compose(self) -> ComposeResult:
        t = self.ticket
        with Horizontal(id="ticket-page"):
            with Vertical(id="ticket-info"):
                yield Static(self.t("ticket.your_number"), id="your-number")
                yield Static(Content(big(t.number)), id="number")
                yield Static(Content(t.number), id="number-plain")
                yield Static(Content(self.service_name), id="service")
                yield Static(self.t("ticket.ahead", n=t.ahead), id="ahead")
                yield Static(
                    wait_text(self.kiosk.catalog, self.kiosk.lang, t.estimated_wait_s),
                    id="wait",
                )
                yield Static(self.t("ticket.printing"), id="print-state")
                with Horizontal(id="ticket-buttons"):
                    yield Button(self.t("ticket.print_again"), id="reprint", classes="hidden")
                    yield Button(self.t("ticket.done"), id="done")
            with Vertical(id="ticket-qr"):
                yield Static(qr_text(t.status_url), id="qr")
                yield Static(self.t("ticket.scan"), id="scan")

    def on_mount(self) -> None:
        self.query_one("#done", Button).focus()
        fault = self.kiosk.print_faults.get(self.ticket.number)
        if fault is not None:  # printing finished before this screen was up
            self.printed(fault, printer=self.kiosk.printer.enabled)

    def printed(self, fault: bool, printer: bool = True) -> None:
        """Say how printing went; offer a reprint after a fault."""
        if not printer:
            text = self.t("ticket.no_printer")
        else:
            text = self.t("ticket.printer_fault") if fault else self.t("ticket.take")
        state = self.query_one("#print-state", Static)
        state.update(text)
        state.set_class(fault, "fault")
        self.query_one("#reprint", Button).set_class(not fault, "hidden")

    def action_done(self) -> None:
        self.kiosk.go_home()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "done":
            self.kiosk.go_home()
        elif event.button.id == "reprint":
            self.query_one("#print-state", Static).update(self.t("ticket.printing"))
            self.kiosk.print_ticket(self.ticket)
