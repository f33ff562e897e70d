"""A re-sent request id never acts twice: within 24 h, across restarts, past any count."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import device, start_server

LIMITS = "kiosk_burst = 100000\nkiosk_per_minute = 1000000"


async def test_an_old_acknowledged_id_past_a_thousand_newer_ones_gets_its_first_answer(
    tmp_path: Path,
) -> None:
    config = loads(centre_toml(limits=LIMITS))
    db, clock = tmp_path / "r.db", Clock()
    async with start_server(config, db, clock) as running, device(running, "k1") as kiosk:
        first = await kiosk.request("take_ticket", rid="visit-1", service="social")
        for i in range(1_100):  # (a service issues at most 999 numbers a day)
            await kiosk.ok("take_ticket", rid=f"v{i}", service=("tax", "social")[i % 2])
        assert await kiosk.request("take_ticket", rid="visit-1", service="social") == first
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A552"
    # Also after a restart.
    clock.now += timedelta(hours=1)
    async with start_server(config, db, clock) as running, device(running, "k1") as kiosk:
        assert await kiosk.request("take_ticket", rid="visit-1", service="social") == first
        assert (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"] == "A553"
        # Restarts decode no stored answers; each is found by its key when asked for.
        assert not running.server.owner.replies.recent.get("k1", {}).get("v5")
        again = await kiosk.request("take_ticket", rid="v5", service="social")
        assert again["ticket"]["number"] == "A004"
    # The promise lasts 24 h: a day later the same id is a new request (of a new day).
    clock.now += timedelta(hours=24)
    async with start_server(config, db, clock) as running, device(running, "k1") as kiosk:
        late = await kiosk.request("take_ticket", rid="visit-1", service="social")
        assert late["ticket"]["number"] == "A001" and late != first
