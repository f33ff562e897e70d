"""Zone and window displays against a real server: a zone display shows and announces only
its services' calls and queues; a window display follows its counter (the number called
there, paused with "back at", closed) and never announces."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from display.app import DisplayApp
from display.board import Call
from display.widgets.window_sign import WindowSign
from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.display.helpers import banner, frozen, history, queue_rows
from tests.server.harness import Running, device, start_server
from tests.ui import showing, until


class Heard:
    """An announcer stand-in: what the app asked to announce."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def announce(self, call: Call) -> None:
        self.calls.append(call)

    async def run(self) -> None:
        return None


def make(running: Running, **options: object) -> DisplayApp:
    return DisplayApp(running.url, clock=frozen, backoff_initial=0.05, **options)  # type: ignore[arg-type]


def sign(app: DisplayApp) -> tuple[str, ...]:
    """The window display's sign as plain text: the caption, then the big lines."""
    return app.screen.query_one(WindowSign).lines


async def test_a_zone_display_ignores_other_services_calls_and_queues(running: Running) -> None:
    heard = Heard()
    app = make(running, services=("tax",))
    app.announcer = heard  # type: ignore[assignment]
    async with app.run_test(size=(100, 30)) as pilot:
        await showing(pilot, "Vēl neviens nav izsaukts")
        assert [row[0] for row in queue_rows(app)] == ["B  Nodokļi"]
        async with (
            device(running, "k1") as kiosk,
            device(running, "c1") as c1,
            device(running, "c3") as c3,
        ):
            await kiosk.ok("take_ticket", service="social")
            await kiosk.ok("take_ticket", service="tax")
            await c1.ok("call_next")  # A001, not this zone's
            await c3.ok("call_next")  # B001
            await until(pilot, lambda: banner(app) == "B001 → 3")
            await c1.ok("finish", ticket="A001")
            await kiosk.ok("take_ticket", service="social")
            await kiosk.ok("take_ticket", service="tax")
            await c1.ok("call_next")  # A002, not this zone's
            await c3.ok("finish", ticket="B001")
            await c3.ok("call_next")  # B002: after A002 on the wire, so A002 came and went
            await until(pilot, lambda: banner(app) == "B002 → 3")
        assert history(app) == ["B001 → 3"]
        assert [call.ticket for call in heard.calls] == ["B001", "B002"]
        # Queues come coalesced, a moment after the calls.
        await until(pilot, lambda: [row[:2] for row in queue_rows(app)] == [("B  Nodokļi", "0")])
        # A display that connects later lists the zone's calls only, too.
        again = make(running, services=("tax",))
        async with again.run_test(size=(100, 30)) as second:
            await until(second, lambda: banner(again) == "B002 → 3")
            assert history(again) == ["B001 → 3"]


async def test_a_zone_display_names_services_the_centre_lacks(running: Running) -> None:
    app = make(running, services=("tax", "passports"))
    async with app.run_test(size=(100, 30)) as pilot:
        await showing(pilot, "Šajā centrā nav pakalpojumu: passports")


async def test_a_window_display_follows_its_counter(running: Running, clock: Clock) -> None:
    heard = Heard()
    app = DisplayApp(running.url, clock=clock, backoff_initial=0.05, counter="1")
    app.announcer = heard  # type: ignore[assignment]
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: sign(app) == ("Lodziņš 1", "Slēgts"))
        async with (
            device(running, "k1") as kiosk,
            device(running, "c1") as c1,
            device(running, "c2") as c2,
        ):
            await kiosk.ok("take_ticket", service="social")
            await kiosk.ok("take_ticket", service="social")
            await c2.ok("call_next")  # A001 at another counter: not this one's
            await c1.ok("call_next")
            await until(pilot, lambda: sign(app) == ("Lodziņš 1", "A002"))
            # Silent, it stands out instead: the new number lights the sign up for a while.
            assert app.screen.query_one(WindowSign).has_class("-fresh")
            await c1.ok("finish", ticket="A002")
            await until(pilot, lambda: sign(app) == ("Lodziņš 1", "Atvērts"))
            await c1.ok("pause", reason="break", minutes=15)  # 11:00 in Riga
            await until(
                pilot,
                lambda: sign(app) == ("Lodziņš 1 · Pauze — atpakaļ 11:15", "Pauze", "11:15"),
            )
            clock.now += timedelta(minutes=16)
            await until(pilot, lambda: sign(app) == ("Lodziņš 1 · Pauze — drīz atpakaļ", "Pauze"))
            await c1.ok("resume")
            await until(pilot, lambda: sign(app) == ("Lodziņš 1", "Atvērts"))
            await c1.ok("sign_out")
            await until(pilot, lambda: sign(app) == ("Lodziņš 1", "Slēgts"))
        assert heard.calls == []  # it never announces


async def test_a_display_device_is_a_window_display_by_its_config(
    db_path: Path, clock: Clock
) -> None:
    window = '[[devices]]\nid = "over-3"\nrole = "display"\ncounter = "3"\n'
    async with start_server(loads(centre_toml() + window), db_path, clock) as running:
        app = DisplayApp(running.url, running.tokens["over-3"], clock=clock, cycle_s=0)
        async with app.run_test(size=(60, 20)) as pilot:
            await until(pilot, lambda: sign(app) == ("Lodziņš 3", "Slēgts"))
            assert app.screen.has_class("-window")


async def test_a_window_display_of_no_such_counter_says_so(running: Running) -> None:
    app = make(running, counter="9")
    async with app.run_test(size=(120, 20)) as pilot:
        await showing(pilot, "This centre has no counter 9: check --counter.")
        assert app.screen.has_class("-window")
