"""The on-screen QR is never clipped, even for a centre with a long public address."""

from __future__ import annotations

from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.kiosk.helpers import make_kiosk, to_ticket
from tests.server.harness import start_server


async def test_a_long_status_link_still_fits_whole_at_80x24(tmp_path: Path) -> None:
    toml = centre_toml().replace(
        'public_url = "http://rinda.test"', 'public_url = "https://rinda.ogres-novads.lv:8443"'
    )
    async with start_server(loads(toml), tmp_path / "r.db", Clock()) as running:
        app = make_kiosk(running)
        async with app.run_test(size=(80, 24)) as pilot:
            await to_ticket(pilot)
            qr = app.query_one("#qr")
            lines = str(qr.render()).splitlines()
            # Every column of the code (quiet zone included) is on screen.
            assert qr.region.width >= len(lines[0]) >= 37
            assert qr.region.right <= 80
