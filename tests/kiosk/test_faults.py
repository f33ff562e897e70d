"""What goes wrong around a kiosk: printer faults, the server going away, an idle screen,
a wrong token, closed services, double taps and floods. Nothing is ever issued twice."""

from __future__ import annotations

from pathlib import Path

from kiosk.pages.priority import PriorityPage
from kiosk.pages.services import ServicesPage
from server.config import CentreConfig, loads
from server.net.app import RindaServer
from server.protocol.messages import TakeTicket
from server.store.tokens import add_token
from tests.conftest import Clock, centre_toml
from tests.kiosk.helpers import (
    PAPER_OK,
    PAPER_OUT,
    FakePrinter,
    make_kiosk,
    open_services,
    text,
    to_ticket,
)
from tests.server.harness import Running, device, start_server
from tests.ui import screen_text, showing


async def test_paper_out_keeps_the_number_on_screen_and_a_reprint_issues_nothing_new(
    running: Running,
) -> None:
    async with FakePrinter() as printer, device(running, "m1") as manager:
        printer.paper = PAPER_OUT
        app = make_kiosk(running, printer.target)
        async with app.run_test(size=(80, 24)) as pilot:
            await to_ticket(pilot)
            await showing(pilot, "Printeris nedarbojas")
            assert text(app, "#number-plain") == "A001"
            assert "Drukāt vēlreiz" in screen_text(app)
            event = await manager.event("printer")
            assert (event["kiosk"], event["status"]) == ("k1", "paper_out")
            printer.paper = PAPER_OK
            await pilot.click("#reprint")
            data = await printer.next_ticket(1)
            await showing(pilot, "paņemiet biļeti")
            assert b"A001" in data
            event = await manager.event("printer")
            assert event["status"] == "ok"
        assert list(running.server.owner.centre.state.tickets) == ["A001"]
    async with device(running, "m1") as manager:
        assert manager.welcome["snapshot"]["printers"][0]["status"] == "ok"


async def test_an_unreachable_printer_is_reported_offline(running: Running) -> None:
    async with FakePrinter() as printer:
        port = printer.port
    async with device(running, "c1") as counter:
        app = make_kiosk(running, f"network:127.0.0.1:{port}")
        async with app.run_test(size=(80, 24)) as pilot:
            await to_ticket(pilot)
            await showing(pilot, "Printeris nedarbojas")
            assert text(app, "#number-plain") == "A001"
            assert "noskenējiet kodu" in text(app, "#print-state")
            event = await counter.event("printer")
            assert event["status"] == "offline"


async def test_a_file_printer_that_cannot_be_written_is_a_fault(
    running: Running, tmp_path: Path
) -> None:
    app = make_kiosk(running, f"file:{tmp_path}/missing/lp0")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_ticket(pilot)
        await showing(pilot, "Printeris nedarbojas")


async def test_server_down_shows_the_offline_screen_and_recovers(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    server = RindaServer(config, db_path, clock=clock)
    port = await server.start("127.0.0.1", 0)
    token = await add_token(server.store, "kiosk", "k1")
    running = Running(server, port, {"k1": token})
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot, "ru")
        await server.close()
        await showing(pilot, "pie informācijas galda")
        visible = screen_text(app)
        assert "Lūdzu, vērsieties pie informācijas galda." in visible
        assert "Пожалуйста, обратитесь к информационной стойке." in visible
        server = RindaServer(config, db_path, clock=clock)
        await server.start("127.0.0.1", port)
        try:
            await showing(pilot, "Latviešu")
            await to_ticket(pilot)
            assert text(app, "#number-plain") == "A001"
        finally:
            await server.close()


async def test_idle_screens_return_to_the_start(running: Running) -> None:
    # The idle clock is the test's, so a slow machine's pauses between taps never count.
    now = [0.0]
    app = make_kiosk(running, idle_timeout=30, monotonic=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot, "en")
        now[0] += 30
        await showing(pilot, "Latviešu")
        assert app.visit.lang == "lv"
        await to_ticket(pilot)
        now[0] += 30
        await showing(pilot, "Latviešu")


async def test_a_wrong_token_says_so_on_screen(running: Running) -> None:
    app = make_kiosk(running, token="wrong")
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Kiosks nav pieslēgts sistēmai")
        assert "Киоск не подключён к системе" in screen_text(app)


async def test_closed_services_are_disabled_with_when_they_open(
    db_path: Path, clock: Clock
) -> None:
    config = loads(centre_toml(hours='["12:00-18:00"]'))  # 11:00 in Riga now
    async with start_server(config, db_path, clock) as running:
        app = make_kiosk(running)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_services(pilot, "en")
            assert app.query_one("#svc-social").disabled
            assert "Not open yet · opens Wed 12:00" in screen_text(app)
            await pilot.click("#svc-social")
            await pilot.pause()
            assert "Choose a service" in screen_text(app)
            # A kiosk that still believed it open is told by the server, and nothing is issued.
            app.post_message(ServicesPage.ServiceChosen("social"))
            await showing(pilot, "Do you have priority?")
            await pilot.click("#prio-none")
            await showing(pilot, "not issuing tickets now")
        assert running.server.owner.centre.state.tickets == {}


async def test_an_unknown_service_is_refused_clearly(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot, "lv")
        app.post_message(ServicesPage.ServiceChosen("bogus"))
        await showing(pilot, "Vai jums ir prioritāte?")
        await pilot.click("#prio-none")
        await showing(pilot, "Šāda pakalpojuma vairs nav")
    assert running.server.owner.centre.state.tickets == {}


async def test_a_double_tap_issues_one_ticket(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(pilot, "lv")
        await pilot.click("#svc-social")
        await showing(pilot, "Vai jums ir prioritāte?")
        for _ in range(3):  # three taps on "No" before the first is answered
            app.post_message(PriorityPage.PriorityChosen(None))
        await showing(pilot, "Jūsu numurs")
        await pilot.click("#done")
        await showing(pilot, "Latviešu")
    assert list(running.server.owner.centre.state.tickets) == ["A001"]


async def test_a_retry_with_the_visit_id_gets_the_same_ticket(running: Running) -> None:
    app = make_kiosk(running)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Testa centrs")
        visit = TakeTicket(id=app.visit.request_id, service="social")
        first = await app.link.request(visit)
        again = await app.link.request(visit)
        assert first.ticket == again.ticket
    assert list(running.server.owner.centre.state.tickets) == ["A001"]


async def test_a_flood_of_taps_is_rate_limited_on_screen(db_path: Path, clock: Clock) -> None:
    config = loads(centre_toml(limits="kiosk_burst = 2\nkiosk_per_minute = 0.01"))
    async with start_server(config, db_path, clock) as running:
        app = make_kiosk(running)
        async with app.run_test(size=(80, 24)) as pilot:
            for number in ("A001", "A002"):
                await to_ticket(pilot)
                assert text(app, "#number-plain") == number
                await pilot.click("#done")
                await showing(pilot, "Latviešu")
            await open_services(pilot, "lv")
            await pilot.click("#svc-social")
            await showing(pilot, "Vai jums ir prioritāte?")
            await pilot.click("#prio-none")
            await showing(pilot, "Pārāk daudz biļešu uzreiz")
            assert "Vai jums ir prioritāte?" in screen_text(app)
        assert list(running.server.owner.centre.state.tickets) == ["A001", "A002"]
