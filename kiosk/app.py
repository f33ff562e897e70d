"""The ticket kiosk: a touchscreen Textual app that is a `kiosk` device of the server.

One visit = language → service → (priority) → ticket. Only the server issues numbers; the
kiosk shows what the server answered. A visit has ONE request id: a double tap, a retry after
a timeout or a re-send after a reconnect all carry it, so the server issues at most one
ticket per visit. A fresh id is taken only after the server answered with an error (nothing
was issued under the old one) or when the visit starts over.

When the server answers `storage_failed` (its disk is read-only or full: nothing was saved),
the kiosk shows its offline screen with its own wording ("no ticket was issued") instead of
letting the visitor tap again and again; see `KioskApp.probe_storage` for how it comes back.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import sys
import time
from collections.abc import Callable
from typing import Any

from textual.app import App, ScreenStackError

from kiosk.health import health_url, read_health
from kiosk.printer import PrinterFault, Target, TicketPrinter
from kiosk.screens.offline import OfflineScreen
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.services import ServicesScreen
from kiosk.screens.start import StartScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.ticket import layout
from server.app_run import run
from server.i18n import Catalog
from server.protocol.errors import ClientError, RequestError
from server.protocol.events import Queue
from server.protocol.link import Link
from server.protocol.messages import PROTOCOL, Hello, Lang, PrinterStatus, TakeTicket
from server.protocol.views import (
    CentreInfo,
    IssuedTicket,
    PrinterHealth,
    PriorityInfo,
    ServiceInfo,
    Texts,
)
from server.protocol.welcome import CentreSnapshot

log = logging.getLogger("rinda.kiosk")

ERROR_KEYS = {"rate_limited", "service_closed", "unknown_service"}

# While the server cannot save, `/health` is asked this often (one tiny write on the server).
STORAGE_PROBE_S = 5.0
# Probes in a row that could not tell (no /health, no answer) before the kiosk gives the next
# visitor a try anyway: their take_ticket is then the probe (~1 min at the default interval).
STORAGE_BLIND_PROBES = 12
# What a ticket is printed with if no welcome named the centre (cannot happen: a ticket is
# only taken over a welcomed link; the fallback keeps printing total).
UNKNOWN_CENTRE = CentreInfo(name={"lv": ""}, timezone="Europe/Riga")


class KioskApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Rinda"

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
        `home_lang` the language the start screen offers first (its button has the focus)."""
        super().__init__()
        self.catalog = Catalog("kiosk")
        hello = Hello(protocol=PROTOCOL, role="kiosk", token=token)
        self.link = Link(self, url, hello, **link_options)
        self.printer = printer or TicketPrinter(Target("none"))
        self.idle_timeout = idle_timeout
        self.health_url = health_url(url)
        self.storage_probe_interval = storage_probe_interval
        self._probing = False
        self._blind_probes = 0
        self.snapshot: CentreSnapshot | None = None
        self.services: list[ServiceInfo] = []
        self.priorities: list[PriorityInfo] = []
        self.home_lang = home_lang
        self.lang = home_lang
        self.service: str | None = None
        self.request_id = self._new_id()
        self.taking = False
        self.online = False
        self.printer_status: PrinterHealth | None = None  # until the first print
        # Ticket number -> whether its last print failed (for a ticket screen mounting later).
        self.print_faults: dict[str, bool] = {}
        self.monotonic = monotonic
        self.last_touch = monotonic()
        # Set whenever something a visitor could see changed (tests await it).
        self.changed = asyncio.Event()

    # -- lifecycle -------------------------------------------------------------------

    def get_default_screen(self) -> StartScreen:
        return StartScreen()

    def on_mount(self) -> None:
        self.set_interval(min(1.0, self.idle_timeout / 4), self._check_idle)
        self.link.start()

    def t(self, key: str, **values: Any) -> str:
        return self.catalog.t(self.lang, key, **values)

    def centre_name(self, lang: str) -> str:
        name = self.snapshot.centre.name if self.snapshot else {}
        return name.get(lang) or name.get("lv") or ""

    @staticmethod
    def _new_id() -> str:
        return f"kiosk-{secrets.token_hex(8)}"

    # -- the link --------------------------------------------------------------------

    async def on_link_welcome(self, message: Link.Welcome) -> None:
        snapshot = message.snapshot
        if not isinstance(snapshot, CentreSnapshot):
            log.error("the server sent a %s's welcome to a kiosk", snapshot.__struct_config__.tag)
            return
        self.snapshot = snapshot
        self.services = list(snapshot.services)
        self.priorities = list(snapshot.priorities)
        await self._redraw()
        self.changed.set()
        if self.printer_status:
            # A restarted server forgot it: tell it again.
            self._report_printer(self.printer_status, "")

    async def on_link_event(self, message: Link.Event) -> None:
        frame = message.frame
        if isinstance(frame, Queue):
            self.services = [
                s.with_queue(q) if (q := frame.services.get(s.id)) else s for s in self.services
            ]
            await self._redraw()
            self.changed.set()

    def _gone(self) -> bool:
        """True once shutdown has removed the screens: the link's last words are dropped."""
        try:
            self.screen  # noqa: B018
        except ScreenStackError:
            return True
        return False

    async def on_link_state(self, message: Link.State) -> None:
        was_online, self.online = self.online, message.state == "online"
        if self._gone():
            return
        if message.state == "offline" and not isinstance(self.screen, OfflineScreen):
            self.push_screen(OfflineScreen())
        elif self.online and not was_online:
            self.go_home()
        self.changed.set()

    def on_link_refused(self, message: Link.Refused) -> None:
        log.error("the server refused this kiosk (%s): %s", message.code, message.message)
        if self._gone():
            return
        self._unwind()
        self.push_screen(OfflineScreen("refused"))
        self.changed.set()

    async def _redraw(self) -> None:
        # A screen not mounted yet draws from the app's state when it composes.
        for screen in [s for s in self.screen_stack if s.is_mounted]:
            if isinstance(screen, ServicesScreen):
                await screen.refresh_services()
            elif isinstance(screen, StartScreen):
                screen.refresh_centre()

    # -- the visit -------------------------------------------------------------------

    def touched(self) -> None:
        self.last_touch = self.monotonic()

    def _check_idle(self) -> None:
        idle = self.monotonic() - self.last_touch >= self.idle_timeout
        if idle and len(self.screen_stack) > 1 and not isinstance(self.screen, OfflineScreen):
            self.go_home()

    def _unwind(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def go_home(self) -> None:
        """Back to the language choice; the next visitor starts a new visit."""
        self._unwind()
        self.lang = self.home_lang
        self.service = None
        self.request_id = self._new_id()
        self.print_faults.clear()
        self.touched()
        self.changed.set()

    def choose_language(self, lang: Lang) -> None:
        self.lang = lang
        self.push_screen(ServicesScreen())
        self.changed.set()

    def choose_service(self, service: str) -> None:
        if self.taking:
            return  # a second tap while the first is on its way: same visit, same ticket
        self.service = service
        if self.priorities:
            self.push_screen(PriorityScreen())
        else:
            self.take(None)

    def take(self, priority: str | None) -> None:
        if self.taking or self.service is None:
            return
        self.taking = True
        self.run_worker(self._take(self.service, priority), group="take")

    def _say(self, text: str | None) -> None:
        if isinstance(self.screen, ServicesScreen | PriorityScreen):
            if text is None:
                self.screen.set_busy(True)
            else:
                self.screen.show_message(text)
        self.changed.set()

    async def _take(self, service: str, priority: str | None) -> None:
        self._say(None)
        try:
            req = TakeTicket(id=self.request_id, service=service, priority=priority, lang=self.lang)
            reply = await self.link.request(req)
        except RequestError as e:
            log.warning("take_ticket refused: %s: %s", e.code, e.message)
            self.request_id = self._new_id()  # answered: nothing was issued under the old id
            if e.code == "storage_failed":
                self._storage_failed()
                return
            key = e.code if e.code in ERROR_KEYS else "other"
            self._say(self.t(f"error.{key}"))
            return
        except ClientError as e:
            # No answer: the ticket may exist, so a retry keeps the same id.
            log.warning("take_ticket unanswered: %s", e)
            self._say(self.t("error.timeout"))
            return
        finally:
            self.taking = False
        ticket = reply.ticket
        # Printing starts first: the visitor reaches for the paper while the screen draws.
        self.print_ticket(ticket)
        name = self._service_name(ticket.service)
        self._unwind()
        await self.push_screen(TicketScreen(ticket, name.get(self.lang) or name.get("lv", "")))
        self.changed.set()

    # -- the server cannot save -----------------------------------------------------

    def _storage_failed(self) -> None:
        """The server saved nothing: say so on the offline screen until it can save again."""
        if isinstance(self.screen, OfflineScreen):
            return  # the link dropped meanwhile, or the kiosk was refused: that screen stays
        self._unwind()
        self._blind_probes = 0
        self.push_screen(OfflineScreen("storage"))
        self.changed.set()

    def probe_storage(self) -> None:
        """Ask the server whether it can save again (the storage offline screen's timer).

        Why `/health`: during a storage failure the link stays up and nothing on it says
        "saving works again". Kiosks are sent only `queue` and `day`; `queue` goes out after
        a commit but also after a tick that wrote nothing, and only when its text changed, so
        neither its arrival nor its absence proves anything. Resending `take_ticket` would
        issue a ticket to nobody, and `printer_status` never reaches the database. `/health`
        already answers exactly this question (it commits a write that changes nothing, which
        fails on a read-only or full disk; the real-disk drills in tests/ops check it), on
        the same host and port as `/ws`, and costs the server one tiny transaction per probe.
        So no server change was needed.

        An "ok" takes the kiosk back to the start; the next visitor's `take_ticket` is the
        real test (if it fails again, this screen comes back and nothing was issued). When
        `/health` cannot be read at all (say a proxy hides it), the kiosk cannot tell, so
        after STORAGE_BLIND_PROBES such probes it goes back to the start the same way. A
        dropped link is left to the reconnect, which returns to the start by itself.
        """
        if self._probing:
            return  # the last probe is still waiting for its answer
        self._probing = True
        self.run_worker(self._probe_storage(), group="storage-probe")

    async def _probe_storage(self) -> None:
        try:
            health = await asyncio.to_thread(read_health, self.health_url)
        finally:
            self._probing = False
        screen = self.screen
        if not (isinstance(screen, OfflineScreen) and screen.reason == "storage"):
            return
        if health is None:
            self._blind_probes += 1
        else:
            self._blind_probes = 0
        if not self.online:
            return
        if health == "ok":
            log.info("the server can save again: back to the start")
            self.go_home()
        elif self._blind_probes >= STORAGE_BLIND_PROBES:
            log.warning("%s cannot be read: back to the start to try again", self.health_url)
            self.go_home()

    # -- printing --------------------------------------------------------------------

    def _service_name(self, service: str) -> Texts:
        return next((s.name for s in self.services if s.id == service), {"lv": service})

    def print_ticket(self, ticket: IssuedTicket) -> None:
        self.run_worker(self._send_to_printer(ticket, self.lang), group="print")

    def _ticket_screen(self, number: str) -> TicketScreen | None:
        screen = self.screen
        if isinstance(screen, TicketScreen) and screen.ticket.number == number:
            return screen
        return None

    async def _send_to_printer(self, ticket: IssuedTicket, lang: str) -> None:
        centre = self.snapshot.centre if self.snapshot else UNKNOWN_CENTRE
        ops = layout(
            ticket,
            lang,
            centre.name,
            self._service_name(ticket.service),
            centre.timezone,
            self.catalog,
        )
        # Rendered here, before the ticket screen starts drawing (~10 ms of CPU that would
        # otherwise share the GIL with it); only the blocking I/O goes to a thread.
        data = self.printer.render(ops)
        try:
            await asyncio.to_thread(self.printer.send, data)
        except PrinterFault as e:
            log.error("printer fault: %s", e)
            self._printer_state(e.status, e.detail)
            self.print_faults[ticket.number] = True
            await self._show_printed(ticket.number)
            return
        self.print_faults[ticket.number] = False
        await self._show_printed(ticket.number)
        if self.printer.enabled:
            self._printer_state("ok", "")

    async def _show_printed(self, number: str) -> None:
        """Tell the visitor how printing went, once their ticket screen is up."""
        screen = self._ticket_screen(number)
        if screen is not None and screen.is_mounted:
            screen.printed(fault=self.print_faults[number], printer=self.printer.enabled)
        self.changed.set()

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
