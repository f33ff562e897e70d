"""One estimate everywhere: the kiosk, the printed ticket, the waiting-room display, the
counter's panel and the phone page tell a visitor the same wait, each in its own words but
from the server's one estimate and the one band rule (server/protocol/waits.py). A screen
that rounded the seconds on its own would show another figure and fail here."""

from __future__ import annotations

from textual.widgets import Button

from display.app import DisplayApp
from tests.counter.harness import counter_app, register_clerk, sign_in
from tests.display.helpers import frozen, queue_rows
from tests.kiosk.helpers import FakePrinter, make_kiosk, open_services
from tests.kiosk.test_phone_page import get, local
from tests.server.harness import Running, device
from tests.ui import screen_text, showing, until

# Two visitors wait for "social" (10 minutes each by default) and one counter is open for it:
# a walk-in taking a ticket now waits about 20 minutes, in the middle of the 15–25 band. With
# the third waiting too, the next one waits about 30: the band above.
NOW = "15–25 min"
NEXT = "25–35 min"


def display_wait(app: DisplayApp) -> str:
    """The display's wait for "social", as drawn."""
    return next(wait for service, _, wait in queue_rows(app) if "Sociālie" in service)


async def test_every_screen_tells_the_same_wait_for_the_same_ticket(running: Running) -> None:
    running.use_estimator("naive")  # a figure in the middle of a band, whatever the default
    async with device(running, "k2") as other_kiosk:
        for _ in range(2):
            await other_kiosk.ok("take_ticket", service="social")
    display = DisplayApp(running.url, clock=frozen, backoff_initial=0.05)
    # Counter 2 serves "social" alone: its panel's figure is that queue's.
    await register_clerk(running)
    counter = counter_app(running, "2", lang="lv")
    async with (
        FakePrinter() as printer,
        display.run_test(size=(80, 24)) as shown,
        counter.run_test(size=(120, 40)) as clerk,
    ):
        await sign_in(clerk)
        kiosk = make_kiosk(running, printer=printer.target)
        async with kiosk.run_test(size=(100, 30)) as pilot:
            # The moment the visitor taps: what the kiosk, the display and the counter show.
            await until(shown, lambda: display_wait(display) == NOW, what="the display's wait")
            await showing(clerk, f"Paredzamā gaidīšana: {NOW}")
            await open_services(pilot)
            button = kiosk.query_one("#svc-social", Button)
            await until(pilot, lambda: f"Gaidīšana {NOW}" in str(button.label), what="the button")
            await pilot.click("#svc-social")
            await showing(pilot, "Vai jums ir prioritāte?")
            await pilot.click("#prio-none")
            ticket_page = await showing(pilot, "A003")

            # The ticket tells the same, on the screen and on paper.
            assert f"Gaidīšana {NOW}" in "\n".join(ticket_page)
            printed = await printer.next_ticket(1)
            assert f"Gaidīšana {NOW}".encode("cp1257") in printed
            assert kiosk.visit.ticket is not None
            status_url = kiosk.visit.ticket.status_url

            # After the next queue round the ticket has its own estimate, and the phone page
            # shows it: the same band as told.
            await until(shown, lambda: display_wait(display) == NEXT, what="the next round")
            _, _, page = await get(local(running, status_url), "lv")
            assert f"Gaidīšana {NOW}" in page
            # Meanwhile the display and the counter show the next visitor's wait, and agree.
            await showing(clerk, f"Paredzamā gaidīšana: {NEXT}")
            assert NOW not in screen_text(clerk.app)
