"""The ticket kiosk: a touchscreen Textual app that is a `kiosk` device of the server.

One visit = language → service → (priority) → ticket (`kiosk.visit`), or, with a booking,
its code → ticket: typed on the code page, or scanned on any page by a keyboard-wedge
scanner (`kiosk.scanner`, fed every key where keys arrive: see `on_event`). Only the server
issues numbers; the kiosk shows what the server answered. A visit has ONE request id: a
double tap, a retry after a timeout or a re-send after a reconnect all carry it, so the server
issues at most one ticket per visit. A fresh id is taken only after the server answered with
an error (nothing was issued under the old one), when the visit starts over, or when the
booking code to check in changes.

When the server answers `storage_failed` (its disk is read-only or full: nothing was saved),
the kiosk shows its offline page with its own wording ("no ticket was issued") instead of
letting the visitor tap again and again; see `OfflinePage.probe` for how it comes back.

How it is built: the app's state is its reactive attributes (`centre`, `link`, `visit`,
`storage_failed`, and `page` and `blocked` computed from them). What arrives from the link
becomes state in `kiosk.state`, and the link's handlers here only set these attributes.
The pages are mounted once, bound to the attributes they draw (`data_bind`), and post
messages for what the visitor did; the handlers of those set the attributes too. So nothing
here reaches for a widget, and nothing a late frame or timer does can meet a page that is
gone: Textual stops calling a widget's watchers once it starts closing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.reactive import reactive
from textual.widgets import ContentSwitcher

from kiosk import check_in, state
from kiosk.health import health_url
from kiosk.pages.base import IdleRule, VisitPage
from kiosk.pages.booking import BookingPage
from kiosk.pages.code import CodePage
from kiosk.pages.offline import OfflinePage
from kiosk.pages.priority import PriorityPage
from kiosk.pages.services import ServicesPage
from kiosk.pages.start import StartPage
from kiosk.pages.ticket import TicketPage
from kiosk.printer import PrinterFault, Target, TicketPrinter
from kiosk.scanner import Wedge
from kiosk.state import Blocked, Centre, LinkState
from kiosk.ticket import layout
from kiosk.visit import Visit
from server.app_run import run
from server.core.booking import normal_code
from server.i18n import Catalog
from server.protocol.errors import ClientError, RequestError
from server.protocol.link import Link
from server.protocol.messages import PROTOCOL, CheckIn, Hello, Lang, PrinterStatus, TakeTicket
from server.protocol.views import CentreInfo, IssuedTicket, PrinterHealth, Texts

log = logging.getLogger("rinda.kiosk")

ERROR_KEYS = {"rate_limited", "service_closed", "unknown_service"}

# While the server cannot save, `/health` is asked this often (one tiny write on the server).
STORAGE_PROBE_S = 5.0
# How long one thread may hold the GIL while another waits for it (Python's default: 5 ms).
# The ticket goes to the printer on a thread, in several short blocking steps (the paper
# query, its answer, the bytes), each needing the GIL back, while the ticket page is drawn on
# the main thread: at 5 ms a hand-over, the ticket reached the printer ~30 ms later (measured
# with tests/bench/kiosk_print.py: p50 54 ms against 26 ms at 0.5 ms).
GIL_SWITCH_S = 0.0005
# What a ticket is printed with if no welcome named the centre (cannot happen: a ticket is
# only taken over a welcomed link; the fallback keeps printing total).
UNKNOWN_CENTRE = CentreInfo(name={"lv": ""}, timezone="Europe/Riga")


class KioskApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Rinda"

    centre: reactive[Centre | None] = reactive(None)
    link_state: reactive[LinkState] = reactive("starting")
    storage_failed: reactive[bool] = reactive(False)
    visit: reactive[Visit] = reactive(Visit.start)
    # Computed from the above: why no ticket can be taken, and the page on screen.
    blocked: reactive[Blocked | None] = reactive(None)
    page: reactive[str] = reactive("start-page")

    def __init__(
        self,
        url: str,
        token: str | None,
        printer: TicketPrinter | None = None,
        idle_timeout: float = 30.0,
        storage_probe_interval: float = STORAGE_PROBE_S,
        monotonic: Callable[[], float] = time.monotonic,
        home_lang: Lang = "lv",
        **link_options: Any,
    ) -> None:
        """`monotonic` is the clock the idle timeout is measured on (tests move it);
        `home_lang` the language the start page offers first (its button has the focus)."""
        super().__init__()
        self.catalog = Catalog("kiosk")
        hello = Hello(protocol=PROTOCOL, role="kiosk", token=token)
        self.link = Link(self, url, hello, **link_options)
        self.printer = printer or TicketPrinter(Target("none"))
        self.idle_timeout = idle_timeout
        self.health_url = health_url(url)
        self.storage_probe_interval = storage_probe_interval
        self.monotonic = monotonic
        self.home_lang = home_lang
        self.printer_status: PrinterHealth | None = None  # until the first print
        self.wedge = Wedge()

    def compose(self) -> ComposeResult:
        idle = IdleRule(self.idle_timeout, self.monotonic)
        cat = self.catalog
        with ContentSwitcher(id="pages", initial="start-page").data_bind(current=KioskApp.page):
            yield StartPage(cat, id="start-page", home_lang=self.home_lang).data_bind(
                KioskApp.page, KioskApp.centre
            )
            yield ServicesPage(cat, id="services-page", idle=idle).data_bind(
                KioskApp.page, KioskApp.centre, KioskApp.visit
            )
            yield PriorityPage(cat, id="priority-page", idle=idle).data_bind(
                KioskApp.page, KioskApp.centre, KioskApp.visit
            )
            yield CodePage(cat, id="code-page", idle=idle).data_bind(
                KioskApp.page, KioskApp.visit, KioskApp.centre
            )
            yield BookingPage(cat, id="booking-page", idle=idle).data_bind(
                KioskApp.page, KioskApp.visit
            )
            yield TicketPage(cat, printer=self.printer.enabled, idle=idle).data_bind(
                KioskApp.page, KioskApp.visit, KioskApp.centre
            )
            yield OfflinePage(
                cat, health_url=self.health_url, probe_interval=self.storage_probe_interval
            ).data_bind(KioskApp.page, reason=KioskApp.blocked)

    def on_mount(self) -> None:
        sys.setswitchinterval(GIL_SWITCH_S)
        self.link.start()

    def compute_blocked(self) -> Blocked | None:
        return state.blocked(self.link_state, self.storage_failed)

    def compute_page(self) -> str:
        blocked = state.blocked(self.link_state, self.storage_failed)
        return "offline-page" if blocked else f"{self.visit.stage}-page"

    async def on_event(self, event: events.Event) -> None:
        """Every key goes past the scanner first, as it arrives, before any widget or
        binding sees it. Why not a key handler here: a key climbs from the focused widget up
        to the app, and on the way a page may keep it (the code page takes the letters typed
        on it) and the Enter that ends a scan may act (a button's binding, "Back" on the
        code page); the Enter that ends a scan must reach nothing."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            code = self.wedge.key(event.key, event.character, self.monotonic())
            if code is not None and self.blocked is None:
                self.scanned(code)
                return
        await super().on_event(event)

    # -- the link --------------------------------------------------------------------

    def on_link_welcome(self, message: Link.Welcome) -> None:
        centre = state.welcomed(message.snapshot)
        if centre is None:
            tag = message.snapshot.__struct_config__.tag
            log.error("the server sent a %s's welcome to a kiosk", tag)
            return
        self.centre = centre
        if self.printer_status:
            # A restarted server forgot it: tell it again.
            self._report_printer(self.printer_status, "")

    def on_link_event(self, message: Link.Event) -> None:
        self.centre = state.pushed(self.centre, message.frame)

    def on_link_state(self, message: Link.State) -> None:
        was = self.link_state
        self.link_state = state.link_state(was, message.state)
        if self.link_state == "online" and was == "offline":
            # Back: whoever stood here has gone meanwhile (no page was there to tap on).
            self.go_home()

    def on_link_refused(self, message: Link.Refused) -> None:
        log.error("the server refused this kiosk (%s): %s", message.code, message.message)
        self.link_state = "refused"
        self.visit = Visit.start()

    # -- the visit -------------------------------------------------------------------

    def go_home(self) -> None:
        """Back to the language choice; the next visitor starts a new visit."""
        self.storage_failed = False
        self.visit = Visit.start()

    def on_start_page_language_chosen(self, message: StartPage.LanguageChosen) -> None:
        self.visit = self.visit.chose_language(message.lang)

    def on_services_page_service_chosen(self, message: ServicesPage.ServiceChosen) -> None:
        if self.visit.taking:
            return  # a second tap while the first is on its way: same visit, same ticket
        ask = bool(self.centre and self.centre.priorities)
        self.visit = self.visit.chose_service(message.service, ask_priority=ask)
        if not ask:
            self.take(None)

    def on_start_page_appointment(self, _message: StartPage.Appointment) -> None:
        self.visit = self.visit.entering_code(self.home_lang)

    def on_code_page_typed(self, message: CodePage.Typed) -> None:
        self.visit = self.visit.typed(message.char)

    def on_code_page_erased(self, _message: CodePage.Erased) -> None:
        self.visit = self.visit.erased()

    def on_code_page_cleared(self, _message: CodePage.Cleared) -> None:
        self.visit = self.visit.cleared()

    def on_code_page_language_chosen(self, message: CodePage.LanguageChosen) -> None:
        self.visit = self.visit.with_lang(message.lang)

    def on_code_page_submitted(self, message: CodePage.Submitted) -> None:
        if self.visit.taking:
            return  # a second tap while the first is on its way: same visit, same ticket
        code = normal_code(message.code)
        if code is None:
            self.visit = self.visit.not_checked_in("code", "code.short")
        else:
            self.send_check_in(self.visit, code)

    def on_code_page_back(self, _message: CodePage.Back) -> None:
        self.go_home()

    def on_booking_page_walk_in(self, _message: BookingPage.WalkIn) -> None:
        self.visit = self.visit.walk_in()

    def on_booking_page_home(self, _message: BookingPage.Home) -> None:
        self.go_home()

    def scanned(self, code: str) -> None:
        """A booking code was scanned (or typed and Entered) on whatever page is up. On the
        code page it is that visit's; elsewhere a new visit, in the visitor's language if they
        chose one (a ticket page's visit is over: its request id must not be reused)."""
        visit = self.visit
        if visit.taking:
            return  # a ticket of this visit is on its way: the scan is dropped, not queued
        if visit.stage != "code":
            visit = Visit(lang=self.home_lang if visit.stage == "start" else visit.lang)
        self.send_check_in(visit, code)

    def send_check_in(self, visit: Visit, code: str) -> None:
        self.visit = visit.checking(code)
        req = CheckIn(id=self.visit.request_id, code=code, lang=visit.lang)
        self.run_worker(self._issue(req), group="take")

    def on_priority_page_priority_chosen(self, message: PriorityPage.PriorityChosen) -> None:
        self.take(message.priority)

    def on_priority_page_back(self, _message: PriorityPage.Back) -> None:
        self.visit = self.visit.back_to_services()

    def on_services_page_home(self, _message: ServicesPage.Home) -> None:
        self.go_home()

    def on_ticket_page_home(self, _message: TicketPage.Home) -> None:
        self.go_home()

    def on_visit_page_idle(self, _message: VisitPage.Idle) -> None:
        self.go_home()

    def on_offline_page_can_save(self, _message: OfflinePage.CanSave) -> None:
        self.go_home()

    def on_ticket_page_reprint(self, message: TicketPage.Reprint) -> None:
        self.visit = self.visit.printed(message.ticket.number, "printing")
        self.print_ticket(message.ticket, self.visit.lang)

    def take(self, priority: str | None) -> None:
        visit = self.visit
        if visit.taking or visit.service is None:
            return
        self.visit = visit.taking_ticket()
        req = TakeTicket(
            id=visit.request_id, service=visit.service, priority=priority, lang=visit.lang
        )
        self.run_worker(self._issue(req), group="take")

    async def _issue(self, req: TakeTicket | CheckIn) -> None:
        """Ask for a ticket (a walk-in's or a booking's) and show and print it, or why not."""
        kind = req.__struct_config__.tag
        try:
            reply = await self.link.request(req)
        except RequestError as e:
            log.warning("%s refused: %s: %s", kind, e.code, e.message)
            if e.code == "storage_failed":
                self.storage_failed = True
                self.visit = Visit.start()
            elif self.visit.request_id == req.id and isinstance(req, CheckIn):
                self.visit = check_in.refused(self.visit, e.code, e.message)
            elif self.visit.request_id == req.id:  # this visit is still on
                key = e.code if e.code in ERROR_KEYS else "other"
                self.visit = self.visit.refused(f"error.{key}")
            return
        except ClientError as e:
            log.warning("%s unanswered: %s", kind, e)
            if self.visit.request_id == req.id:
                self.visit = self.visit.unanswered("error.timeout")
            return
        ticket = reply.ticket
        # Printing starts first: the visitor reaches for the paper while the screen draws.
        self.print_ticket(ticket, req.lang)
        visit = Visit(lang=req.lang, service=ticket.service, request_id=req.id)
        self.visit = visit.issued(ticket, self._service_name(ticket.service))

    # -- printing --------------------------------------------------------------------

    def _service_name(self, service: str) -> Texts:
        return self.centre.service_name(service) if self.centre else {"lv": service}

    def print_ticket(self, ticket: IssuedTicket, lang: str) -> None:
        """Render the ticket and hand its bytes to the printer's thread now, before anything
        else: the caller sets the state the ticket page draws from only after this returns,
        so the visitor reaches for the paper while the screen draws (rendering is ~10 ms of
        CPU that would otherwise wait behind the page's layout)."""
        centre = self.centre
        ops = layout(
            ticket,
            lang,
            centre.name if centre else UNKNOWN_CENTRE.name,
            self._service_name(ticket.service),
            centre.timezone if centre else UNKNOWN_CENTRE.timezone,
            self.catalog,
        )
        data = self.printer.render(ops)
        sending = asyncio.get_running_loop().run_in_executor(None, self.printer.send, data)
        self.run_worker(self._printed(ticket.number, sending), group="print")

    async def _printed(self, number: str, sending: asyncio.Future[None]) -> None:
        try:
            await sending
        except PrinterFault as e:
            log.error("printer fault: %s", e)
            self._printer_state(e.status, e.detail)
            self.visit = self.visit.printed(number, "fault")
            return
        self.visit = self.visit.printed(number, "printed")
        if self.printer.enabled:
            self._printer_state("ok", "")

    def _printer_state(self, status: PrinterHealth, detail: str) -> None:
        if status != self.printer_status:
            self.printer_status = status
            self._report_printer(status, detail)

    def _report_printer(self, status: PrinterHealth, detail: str) -> None:
        async def report() -> None:
            try:
                req = PrinterStatus(id=self.link.new_id(), status=status, detail=detail[:200])
                await self.link.request(req)
            except ClientError as e:
                log.warning("could not report the printer state: %s", e)

        self.run_worker(report(), group="printer-status")


def create_app(args: argparse.Namespace) -> KioskApp:
    printer = TicketPrinter(Target.parse(args.printer), profile=args.printer_profile)
    return KioskApp(
        args.url, args.token, printer, idle_timeout=args.idle_timeout, home_lang=args.lang
    )


def main(args: argparse.Namespace) -> int:
    try:
        app = create_app(args)
    except ValueError as e:
        print(f"rinda kiosk: {e}", file=sys.stderr)
        return 2
    run(app)
    return 0
