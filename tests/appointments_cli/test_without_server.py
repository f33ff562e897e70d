"""`rinda appointments ...` when no server runs: the command carries its request out itself,
with the same rules and the same events as a server would."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import pytest

from server import cli_appointments
from server.store.backup import DatabaseLock
from tests.appointments_cli.helpers import rinda, rows
from tests.conftest import Clock

CODE = re.compile(r"^booked ([2-9A-HJ-NP-Z]{6}): 2026-11-25 14:00, social$", re.MULTILINE)


def _events(db: Path) -> list[str]:
    return [str(t) for (t,) in rows(db, "SELECT type FROM events ORDER BY seq")]


async def _add(centre: Path, db: Path, at: str, *more: str, service: str = "social") -> int:
    return await rinda(
        "appointments", "add", "--config", str(centre), "--db", str(db),
        "--service", service, "--at", at, *more,
    )  # fmt: skip


async def test_add_list_move_cancel_without_a_server(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    opts = ("--config", str(centre), "--db", str(db))
    assert (
        await _add(centre, db, "2026-11-25 14:00", "--name", "Ieva Ozola", "--contact", "ieva@x.lv")
        == 0
    )
    said = capsys.readouterr().out.splitlines()
    found = CODE.match(said[0])
    assert found, said
    code = found[1]
    assert re.fullmatch(r"the visitor's page: http://rinda\.test/a/[\w-]{16,}", said[1]), said

    assert await rinda("appointments", "list", *opts) == 0  # today, by the command's clock
    assert capsys.readouterr().out.splitlines() == [
        "bookings on 2026-11-25:",
        "code    time   service  state   name",
        f"{code}  14:00  social   booked  Ieva Ozola",
    ]
    assert await rinda("appointments", "move", code.lower(), "--at", "2026-11-26 09:30", *opts) == 0
    assert capsys.readouterr().out == f"moved {code} to 2026-11-26 09:30 (social)\n"
    assert await rinda("appointments", "list", "--day", "2026-11-25", *opts) == 0
    assert capsys.readouterr().out == "no bookings on 2026-11-25\n"
    assert await rinda("appointments", "cancel", code, *opts) == 0
    assert capsys.readouterr().out == f"cancelled {code} (2026-11-26 09:30, social)\n"
    assert await rinda("appointments", "list", "--day", "2026-11-26", *opts) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1] == f"{code}  09:30  social   cancelled  Ieva Ozola"
    )

    # Each change is an event in the log, made by "cli"; the inbox is left empty.
    assert _events(db)[-3:] == ["booked", "booking_moved", "booking_cancelled"]
    assert rows(db, "SELECT count(*) FROM inbox") == [(0,)]
    # The command let go of the database: a server may start on it now.
    lock = DatabaseLock(db)
    lock.acquire()
    lock.release()


REFUSED = {
    "unknown service": (("nope", "2026-11-25 14:00"), 'There is no service "nope" in this centre.'),
    "not bookable": (("tax", "2026-11-25 14:00"), 'Service "tax" does not take bookings.'),
    "past": (("social", "2026-11-25 10:30"),
             "25.11.2026 10:30 has already begun: choose a later slot."),
    "not a slot": (("social", "2026-11-25 14:10"),
                   '25.11.2026 14:10 is not a slot of "social": choose one of its free slots.'),
    "too far": (("social", "2027-01-25 14:00"),
                'Service "social" can be booked at most 30 days ahead.'),
    "bad time": (("social", "tomorrow"),
                 '--at "tomorrow" is not a local time like "2026-03-02 09:20"'),
    "skipped by the clocks": (("social", "2027-03-28 03:30"),
                              "--at: 28.03.2027 has no 03:30: the clocks go forward then"),
    "long name": (("social", "2026-11-25 14:00", "--name", "x" * 101),
                  "--name must be at most 100 printable characters"),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
async def test_a_refused_booking_says_why_in_one_sentence_and_changes_nothing(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:  # fmt: skip
    (service, at, *more), sentence = REFUSED[case]
    assert await _add(centre, db, at, *more, service=service) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"rinda: {sentence}\n")
    assert not db.exists() or "booked" not in _events(db)


async def test_a_full_slot_and_an_unknown_code_are_refused(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):  # the slot's two places
        assert await _add(centre, db, "2026-11-25 14:00") == 0
    assert await _add(centre, db, "2026-11-25 14:00") == 2
    assert (
        capsys.readouterr().err == "rinda: The slot at 25.11.2026 14:00 is full: choose another.\n"
    )
    opts = ("--config", str(centre), "--db", str(db))
    assert await rinda("appointments", "cancel", "ABCDEF", *opts) == 2
    assert capsys.readouterr().err == (
        "rinda: No booking has that code: check it, or take a walk-in ticket.\n"
    )
    assert _events(db).count("booked") == 2


async def test_the_command_uses_the_log_as_it_stands(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second run sees the first one's booking (rebuilt from the log, like a server)."""
    assert await _add(centre, db, "2026-11-25 14:00") == 0
    clock.now += timedelta(days=1)  # the next day: the booking is still in the book
    assert await _add(centre, db, "2026-11-26 14:00") == 0
    capsys.readouterr()
    assert (
        await rinda(
            "appointments", "list", "--day", "2026-11-25", "--config", str(centre), "--db", str(db)
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[2].split()[1:4] == ["14:00", "social", "lapsed"]


async def test_without_an_answer_the_command_gives_up_and_takes_its_request_back(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The database is in use (a restore holds its lock) but nobody carries requests out."""
    monkeypatch.setattr(cli_appointments, "TAKE_S", 0.3)
    lock = DatabaseLock(db)
    lock.acquire()
    try:
        assert await _add(centre, db, "2026-11-25 14:00") == 2
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert err.startswith("rinda: no Rinda server answered within 0.3 s, though ")
    assert err.endswith(
        "is in use (by a server that does not respond, or a restore): nothing was changed\n"
    )
    assert rows(db, "SELECT count(*) FROM inbox") == [(0,)]
    assert "booked" not in _events(db)


async def test_two_commands_at_once_without_a_server_are_both_carried_out(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    """One takes the lock and is the owner; the other's request is carried out by it, or by
    the other itself once the lock is free: neither waits for a server that is not there."""
    assert await _add(centre, db, "2026-11-25 13:00") == 0  # the database exists
    done = await asyncio.gather(
        _add(centre, db, "2026-11-25 14:00", "--name", "A"),
        _add(centre, db, "2026-11-25 14:00", "--name", "B"),
    )
    assert done == [0, 0]
    assert len(CODE.findall(capsys.readouterr().out)) == 2
    assert _events(db).count("booked") == 3


async def test_slots_lists_the_free_times_a_booking_can_take(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    opts = ("--config", str(centre), "--db", str(db))
    assert await rinda("appointments", "slots", "--service", "social", *opts) == 0
    before = capsys.readouterr().out.splitlines()
    assert before[:2] == ["free slots of social:", "time              free"]
    first = before[2].split()
    assert await _add(centre, db, f"{first[0]} {first[1]}") == 0
    capsys.readouterr()
    assert await rinda("appointments", "slots", "--service", "social", *opts) == 0
    after = capsys.readouterr().out.splitlines()
    # Two places a slot: the first slot has one left, the others are as they were.
    assert first[2] == "2" and after[2].split() == [first[0], first[1], "1"]
    assert after[3:] == before[3:]
    with pytest.raises(SystemExit):
        await rinda("appointments", "slots", "--service", "social", "--days", "40", *opts)
    assert "not a number of days from 1 to 31" in capsys.readouterr().err
    assert await rinda("appointments", "slots", "--service", "tax", *opts) == 2
    assert capsys.readouterr().err == 'rinda: Service "tax" does not take bookings.\n'
