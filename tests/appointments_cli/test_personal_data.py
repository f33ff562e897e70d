"""A visitor's name and contact: kept apart from the log, and gone for real once purged.

Booked through the websocket `book` request, they never enter the events, the snapshots, the
stored replies or the server's log. `rinda purge` (also beside a running server) and the
server's nightly `retain_days` delete them from every table, from the database file and its
write-ahead log, and so from any backup made afterwards.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from server.net import app
from tests.appointments_cli.helpers import booking_config, every_cell, holds, rinda, rows
from tests.conftest import Clock
from tests.server.harness import Peer, device, start_server

NAME = "Zvaigzne Ķirsīte-Purgetest"
CONTACT = "zvaigzne.purgetest@example.lv"
KEPT = "Ilgvars Paliekošais"


def _found(db: Path, text: str) -> set[str]:
    """The tables and columns where `text` is, in every cell of the database."""
    return {f"{t}.{c}" for t, c, v in every_cell(db) if holds(v, text)}


def _in_files(db: Path, text: str) -> list[str]:
    """Which of the database's files hold `text`'s bytes anywhere, free pages included."""
    files = [db, db.with_name(db.name + "-wal")]
    return [f.name for f in files if f.exists() and text.encode() in f.read_bytes()]


async def _book(counter: Peer, start: str, name: str, contact: str = "") -> dict[str, object]:
    reply = await counter.ok("book", service="social", start=start, name=name, contact=contact)
    booking: dict[str, object] = reply["booking"]
    return booking


async def _until(check: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not check():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"not within {timeout:g} s: {what}") from None


async def test_a_name_booked_over_the_websocket_stays_out_of_log_snapshots_replies_and_server_log(
    db: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with start_server(booking_config(), db, clock) as running:
        async with device(running, "c1") as counter:
            booked = await _book(counter, "2026-11-25T12:00:00Z", NAME, CONTACT)
            await counter.ok("move_booking", code=booked["code"], start="2026-11-25T12:30:00Z")
        await running.server.owner.snapshot()
        assert rows(db, "SELECT count(*) FROM snapshots") == [(1,)]
        for secret in (NAME, CONTACT):
            assert _found(db, secret) == {f"personal.{'name' if secret == NAME else 'contact'}"}
    assert NAME not in caplog.text and CONTACT not in caplog.text
    assert "booked booking=" in caplog.text  # the server did log the booking, anonymously


async def test_purge_beside_a_running_server_leaves_no_trace_of_the_name(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    async with start_server(booking_config(), db, clock) as running:
        async with device(running, "c1") as counter:
            await _book(counter, "2026-11-25T12:00:00Z", NAME, CONTACT)
            await _book(counter, "2026-11-27T12:00:00Z", KEPT)
        opts = ("--config", str(centre), "--db", str(db))
        # The day's list passes the name through the inbox (the server's answer to it).
        assert await rinda("appointments", "list", *opts) == 0
        assert NAME in capsys.readouterr().out
        clock.now += timedelta(days=2)  # Friday 27.11: the first booking's day is 2 days ago
        assert await rinda("purge", "--older-than", "1", *opts) == 0
        assert capsys.readouterr().out == (
            "deleted the name and contact of 1 booking(s) of days before 2026-11-26\n"
        )
        for secret in (NAME, CONTACT):
            assert _found(db, secret) == set()
            assert _in_files(db, secret) == []
        assert _found(db, KEPT) == {"personal.name"}
        # The anonymous facts stay: the booking is still in the day's list, without a name.
        assert await rinda("appointments", "list", "--day", "2026-11-25", *opts) == 0
        listed = capsys.readouterr().out.splitlines()
        assert len(listed) == 3 and listed[2].split()[1:] == ["14:00", "social", "late"]

        copy = tmp_path / "after-purge.db"
        assert await rinda("backup", "--db", str(db), str(copy)) == 0
    for secret in (NAME, CONTACT):
        assert secret.encode() not in copy.read_bytes()
        assert _found(copy, secret) == set()
    assert _found(copy, KEPT) == {"personal.name"}


async def test_the_server_purges_past_retain_days_every_night(
    db: Path, clock: Clock, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "TICK_S", 0.05)
    caplog.set_level(logging.INFO, logger="rinda.server")
    config = booking_config("\n[bookings]\nretain_days = 1\n")
    async with start_server(config, db, clock) as running:
        async with device(running, "c1") as counter:
            await _book(counter, "2026-11-25T12:00:00Z", NAME, CONTACT)
        await _until(lambda: "before 2026-11-24" in caplog.text, "the first tick's purge")
        assert _found(db, NAME) == {"personal.name"}  # its day is not past retain_days yet
        clock.now += timedelta(days=2)
        # Logged once the purge is done (the rows go a moment before the line is written).
        purged = "purged the personal data of 1 booking(s) and 0 visitor comment(s) before"
        await _until(lambda: f"{purged} 2026-11-26" in caplog.text, "the night's purge")
        assert not _found(db, NAME)
        assert _in_files(db, NAME) == []
    assert [t for (t,) in rows(db, "SELECT type FROM events")].count("booked") == 1
