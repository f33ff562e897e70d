"""The manager's `report` request on a real server (port 0, real websocket clients), and the
daily summaries the server keeps for closed days."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from server.config import CentreConfig
from server.net.report_desk import ReportDesk
from tests.conftest import Clock
from tests.reports.helpers import LogBuilder, local
from tests.server.harness import device, start_server

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)  # the Clock's week


async def two_days(config: CentreConfig, path: Path) -> None:
    log = LogBuilder(config)
    for day in (MON, TUE):
        a1 = log.take("social", local(day, 9))
        log.serve("1", a1, local(day, 9, 10), local(day, 9, 20))  # waited 600 s
        log.take("tax", local(day, 10))  # still waiting when the day ends
    await log.save(path)


def kept(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {d for (d,) in conn.execute("SELECT day FROM report_days")}


async def kept_within(path: Path, days: set[str], timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not days <= kept(path):
            await asyncio.sleep(0.02)


async def test_a_manager_gets_a_report_and_a_counter_does_not(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    await two_days(config, db_path)
    async with (
        start_server(config, db_path, clock) as running,
        device(running, "m1") as manager,
        device(running, "c1") as counter,
    ):
        reply = await manager.ok("report", start=str(MON), end=str(TUE), by="service")
        r = reply["report"]
        assert (r["start"], r["end"], r["by"], r["lang"]) == (
            str(MON),
            str(TUE),
            "service",
            "lv",
        )
        assert r["centre"] == "Testa centrs"
        social, tax = r["rows"]
        assert (social["key"], social["tickets"], social["served"]) == ("social", 2, 2)
        assert social["wait"] == {
            "count": 2, "mean_s": 600.0, "median_s": 600.0, "p90_s": 600.0, "max_s": 600.0
        }  # fmt: skip
        assert (tax["key"], tax["tickets"], tax["unserved"]) == ("tax", 2, 2)
        assert r["total"]["tickets"] == 4

        by_day = await manager.ok("report", start=str(MON), end=str(TUE), by="weekday", lang="en")
        labels = [f["label"] for f in by_day["report"]["rows"]]
        assert labels == ["Monday", "Tuesday"]

        refused = await counter.request("report", start=str(MON), end=str(TUE))
        assert refused["type"] == "error" and refused["code"] == "forbidden"
        assert refused["message"] == "A counter may not send report."


async def test_a_report_that_cannot_be_made(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    await two_days(config, db_path)
    async with start_server(config, db_path, clock) as running, device(running, "m1") as manager:
        empty = await manager.request("report", start="2026-10-01", end="2026-10-31")
        assert (empty["type"], empty["code"]) == ("error", "bad_report")
        assert empty["message"] == "No ticket was taken from 2026-10-01 to 2026-10-31."
        backwards = await manager.request("report", start=str(TUE), end=str(MON))
        assert backwards["code"] == "bad_report"
        clerks = await manager.request("report", start=str(MON), end=str(TUE), by="clerk")
        assert clerks["code"] == "bad_report"
        bad_by = await manager.request("report", start=str(MON), end=str(TUE), by="colour")
        assert bad_by["code"] == "invalid_field"
        # One report at a time: while one is being made, another is told to wait.
        running.server.router.reports._busy = True
        busy = await manager.request("report", start=str(MON), end=str(TUE))
        assert (busy["code"], busy["message"]) == (
            "slow_down",
            "Another report is being made right now: ask again in a moment.",
        )
        running.server.router.reports._busy = False
        assert (await manager.ok("report", start=str(MON), end=str(TUE)))["report"]


async def test_closed_days_are_summarised_and_today_is_read_from_the_log(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    await two_days(config, db_path)
    async with start_server(config, db_path, clock) as running:
        # At start the log's last day (Tuesday) is still open: Monday alone is closed.
        await kept_within(db_path, {str(MON)})
        assert kept(db_path) == {str(MON)}
        async with device(running, "k1") as kiosk, device(running, "m1") as manager:
            await kiosk.ok("take_ticket", service="social")  # Wednesday's first: the roll
            running.server.summaries.day_may_have_closed()  # what the next tick does
            await kept_within(db_path, {str(MON), str(TUE)})
            assert kept(db_path) == {str(MON), str(TUE)}
            reply = await manager.ok("report", start=str(MON), end=str(WED), by="day")
            days = {f["key"]: f["tickets"] for f in reply["report"]["rows"]}
            assert days == {str(MON): 2, str(TUE): 2, str(WED): 1}
            assert [f["label"] for f in reply["report"]["rows"]] == [
                "23.11.2026",
                "24.11.2026",
                "25.11.2026",
            ]


async def test_reports_run_in_a_thread_where_no_worker_process_can_start(
    config: CentreConfig,
    db_path: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def no_process(self: ReportDesk) -> ProcessPoolExecutor:
        # What multiprocessing says under a host whose standard error has no file descriptor.
        raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(ReportDesk, "_worker", no_process)
    caplog.set_level(logging.WARNING, logger="rinda.server")
    await two_days(config, db_path)
    async with start_server(config, db_path, clock) as running, device(running, "m1") as manager:
        for _ in range(2):
            reply = await manager.ok("report", start=str(MON), end=str(TUE))
            assert reply["report"]["total"]["tickets"] == 4
        await kept_within(db_path, {str(MON)})  # the summaries too
    warned = [r.getMessage() for r in caplog.records if "worker process" in r.getMessage()]
    # Said once: from then on the desk does not try to start a process again.
    assert warned == [
        "cannot start the report worker process (bad value(s) in fds_to_keep): "
        "reports run in a thread"
    ]
