"""`rinda appointments ...` while a server runs: the server carries the request out (it owns
the log's seq and the state), so its counters hear of the booking and its log stays one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.appointments_cli.helpers import booking_config, rinda, rows
from tests.conftest import Clock
from tests.server.harness import device, start_server


async def test_a_booking_made_on_the_command_line_reaches_the_running_server(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    opts = ("--config", str(centre), "--db", str(db))
    async with (
        start_server(booking_config(), db, clock) as running,
        device(running, "c1") as counter,
        device(running, "k1") as kiosk,
    ):
        assert await rinda(
            "appointments", "add", "--service", "social", "--at", "2026-11-25 14:00",
            "--name", "Ieva Ozola", *opts,
        ) == 0  # fmt: skip
        found = re.match(r"booked (\w{6}): 2026-11-25 14:00, social\n", capsys.readouterr().out)
        assert found
        code = found[1]
        # The server made it: its counters are told (without the name), its state has it.
        told = await counter.event("booking")
        assert told["booking"]["code"] == code and told["booking"]["name"] == ""
        assert code in running.server.owner.centre.appointments.index.by_code
        # Its log goes on as one: the next ticket follows the booking's event.
        await kiosk.ok("take_ticket", service="social")
        assert [t for (t,) in rows(db, "SELECT type FROM events ORDER BY seq")][-2:] == [
            "booked",
            "taken",
        ]

        assert await rinda("appointments", "list", *opts) == 0
        assert (
            capsys.readouterr().out.splitlines()[2] == f"{code}  14:00  social   booked  Ieva Ozola"
        )
        assert await rinda("appointments", "cancel", code, *opts) == 0
        assert capsys.readouterr().out == f"cancelled {code} (2026-11-25 14:00, social)\n"
        assert (await counter.event("booking"))["booking"]["state"] == "cancelled"
        assert await rinda("appointments", "cancel", code, *opts) == 2
        assert capsys.readouterr().err == (
            f"rinda: The booking {code} is cancelled: it cannot change now.\n"
        )
    assert rows(db, "SELECT count(*) FROM inbox") == [(0,)]


async def test_an_import_while_the_server_runs_is_all_or_nothing(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "service,date,time,name,contact\n"
        "social,2026-11-25,14:00,Anna,+371 20000001\n"
        "social,2026-11-25,14:00,Pēteris,\n",
        encoding="utf-8",
    )
    full = tmp_path / "full.csv"
    full.write_text("service,date,time\nsocial,2026-11-25,15:00\nsocial,2026-11-25,14:00\n")
    opts = ("--config", str(centre), "--db", str(db))
    async with start_server(booking_config(), db, clock) as running:
        assert await rinda("appointments", "import", str(good), *opts) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0] == "imported 2 bookings:"
        made = [line.split() for line in out[2:]]
        assert [(m[0], m[2], m[3], m[4]) for m in made] == [
            ("2", "2026-11-25", "14:00", "social"),
            ("3", "2026-11-25", "14:00", "social"),
        ]
        assert await rinda("appointments", "import", str(full), *opts) == 2
        assert capsys.readouterr().err == (
            f"rinda: {full}: Line 3: The slot at 25.11.2026 14:00 is full: choose another. "
            "Nothing was imported.\n"
        )
        assert len(running.server.owner.centre.state.bookings) == 2
    assert [t for (t,) in rows(db, "SELECT type FROM events")].count("booked") == 2
