"""When the server goes away the display keeps its picture, says so, and resyncs when back."""

from __future__ import annotations

from pathlib import Path

from display.announce import Announcer
from display.app import DisplayApp
from display.board import Call
from server.config import CentreConfig
from server.net.app import RindaServer
from tests.conftest import Clock
from tests.display.helpers import banner, frozen, history, queue_rows
from tests.server.harness import device, start_server
from tests.ui import painted, screen_text, showing, until

RECONNECTING = "Atjauno savienojumu"


class Heard(Announcer):
    """Notes what would be said instead of saying it."""

    def __init__(self) -> None:
        super().__init__(["lv"], print, player=["true"])
        self.tickets: list[str] = []

    def announce(self, call: Call) -> None:
        self.tickets.append(call.ticket)


async def test_a_dropped_link_shows_a_badge_keeps_the_calls_and_resyncs(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as first:
        port = first.port
        app = DisplayApp(first.url, clock=frozen, backoff_initial=0.05)
        heard = app.announcer = Heard()
        async with app.run_test(size=(80, 24)) as pilot:
            await showing(pilot, "Testa centrs")
            async with device(first, "k1") as kiosk, device(first, "c1") as c1:
                await kiosk.ok("take_ticket", service="social")
                await c1.ok("call_next")
                await until(pilot, lambda: banner(app) == "A001 → 1")
            assert RECONNECTING not in painted(app)[0]
            await first.server.close()
            lines = await showing(pilot, RECONNECTING)
            assert RECONNECTING in lines[0]  # a badge in the top line
            assert banner(app) == "A001 → 1"  # the last state stays up

            # While the display is away, the centre moves on (another server on the same
            # log): it never sees these events, only the snapshot when it comes back.
            async with (
                start_server(config, db_path, clock) as meanwhile,
                device(meanwhile, "k1") as kiosk,
                device(meanwhile, "c1") as c1,
            ):
                await c1.ok("finish", ticket="A001")
                await kiosk.ok("take_ticket", service="social")
                await c1.ok("call_next")
                await kiosk.ok("take_ticket", service="tax")
            assert banner(app) == "A001 → 1"

            back = RindaServer(config, db_path, clock=clock)
            await back.start("127.0.0.1", port)
            try:
                await until(pilot, lambda: RECONNECTING not in screen_text(app))
                assert banner(app) == "A002 → 1"
                assert history(app) == ["A001 → 1"]
                assert [row[1] for row in queue_rows(app)] == ["0", "1"]
                # The call made during the outage is announced once the display is back.
                assert heard.tickets == ["A001", "A002"]
            finally:
                await back.close()
