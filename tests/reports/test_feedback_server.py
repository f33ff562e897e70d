"""Ratings given over the wire reach the manager's report: a real server, a visit finished at
counter 1 and rated at that counter's exit tablet, and an anonymous rating at a tablet of no
counter; the manager's `report` request then counts both where docs/reports.md says."""

from __future__ import annotations

from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.server.harness import device, start_server

TABLETS = """
[[devices]]
id = "fb1"
role = "feedback"
counter = "1"

[[devices]]
id = "fb0"
role = "feedback"
"""


async def test_a_rating_at_the_tablet_shows_in_the_managers_report(
    db_path: Path, clock: Clock
) -> None:
    async with (
        start_server(loads(centre_toml() + TABLETS), db_path, clock) as running,
        device(running, "k1") as kiosk,
        device(running, "c1") as counter,
        device(running, "fb1") as tablet,
        device(running, "fb0") as anywhere,
        device(running, "m1") as manager,
    ):
        served = (await kiosk.ok("take_ticket", service="social"))["ticket"]["number"]
        await kiosk.ok("take_ticket", service="tax")  # still waiting: not served, not rated
        await counter.ok("call_next")
        await counter.ok("finish", ticket=served)
        rated = await tablet.ok("rate", score=2, reason="waited_too_long")
        assert rated["rated"] == served  # the visit just finished at counter 1
        assert (await anywhere.ok("rate", score=5, reason=None))["rated"] is None

        day = clock.now.date().isoformat()
        reply = await manager.ok("report", start=day, end=day, by="counter", lang="en")
        report = reply["report"]
        by = {row["key"]: row["feedback"] for row in report["rows"]}
        assert by["1"] == {
            "rated": 1,
            "anonymous": 0,
            "answered": 1.0,
            "score_mean": 2.0,
            "satisfied": 0.0,
            "unhappy": 1.0,
            "reasons": {"waited_too_long": 1},
        }
        assert (by[""]["rated"], by[""]["anonymous"], by[""]["score_mean"]) == (1, 1, 5.0)
        # Both ratings; one of them a visit's, of the one visit served: 2 and 5 make 3.5.
        total = report["total"]["feedback"]
        assert (total["rated"], total["answered"], total["score_mean"]) == (2, 1.0, 3.5)
        assert report["reasons"][0] == {"id": "waited_too_long", "label": "I waited too long"}
