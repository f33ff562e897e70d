"""A `report` request with `more`: the further groupings come in the same reply, made with
the first from one reading of the log (the manager's Excel workbook asks for its sheets so)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from server.config import CentreConfig
from tests.conftest import Clock
from tests.reports.helpers import LogBuilder, local
from tests.server.harness import device, start_server

MON = date(2026, 11, 23)  # in the Clock's week


async def test_more_groupings_come_from_the_same_reading(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    log = LogBuilder(config)
    served = log.take("social", local(MON, 9))
    log.serve("1", served, local(MON, 9, 10), local(MON, 9, 20))
    log.take("tax", local(MON, 10))
    await log.save(db_path)
    async with start_server(config, db_path, clock) as running, device(running, "m1") as manager:
        reply = await manager.ok(
            "report", start=str(MON), end=str(MON), by="service", more=["hour", "weekday"]
        )
        first, more = reply["report"], reply["more"]
        assert [r["by"] for r in more] == ["hour", "weekday"]
        assert {r["generated_at"] for r in more} == {first["generated_at"]}
        assert [r["total"]["tickets"] for r in more] == [2, 2] == [first["total"]["tickets"]] * 2
        assert [f["key"] for f in more[0]["rows"]] == ["09", "10"]

        alone = await manager.ok("report", start=str(MON), end=str(MON))
        assert "more" not in alone  # an empty `more` is left out, as documented

        too_many = await manager.request("report", start=str(MON), end=str(MON), more=["hour"] * 9)
        assert (too_many["type"], too_many["code"]) == ("error", "invalid_field")
