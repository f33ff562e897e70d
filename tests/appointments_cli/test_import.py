"""`rinda appointments import FILE.csv`: a municipal e-service's export is booked whole, or a
bad row is named by its line and nothing from the file is booked."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import appointments_csv
from tests.appointments_cli.helpers import rinda, rows
from tests.conftest import Clock


async def _import(centre: Path, db: Path, file: Path) -> int:
    return await rinda(
        "appointments", "import", str(file), "--config", str(centre), "--db", str(db)
    )


def _booked(db: Path) -> int:
    if not db.exists():
        return 0
    return [t for (t,) in rows(db, "SELECT type FROM events")].count("booked")


async def test_a_latvian_export_with_bom_semicolons_and_dotted_dates_is_booked(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "export.csv"
    text = (
        "Pakalpojums;Datums;Laiks;Vārds;Kontakts\r\n"
        'social;25.11.2026;14:00;"Bērziņa; Anna";+371 20000001\r\n'
        "\r\n"
        "social;26.11.2026;9:30;;\r\n"
    )
    file.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert await _import(centre, db, file) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "imported 2 bookings:"
    assert [line.split()[:1] + line.split()[2:5] for line in out[2:]] == [
        ["2", "2026-11-25", "14:00", "social"],
        ["4", "2026-11-26", "09:30", "social"],
    ]
    assert sorted(rows(db, "SELECT name, contact FROM personal")) == [
        ("Bērziņa; Anna", "+371 20000001")
    ]
    assert await rinda("appointments", "list", "--config", str(centre), "--db", str(db)) == 0
    assert capsys.readouterr().out.splitlines()[2].endswith("booked  Bērziņa; Anna")


BAD = {
    "short row": ("service,date,time,name\nsocial,2026-11-25,14:00,A\nsocial,2026-11-25,14:30\n",
                  "Line 3: 3 fields where the header has 4."),
    "bad date": ("service,date,time\nsocial,2026-11-25,14:00\nsocial,25/11/2026,14:30\n",
                 'Line 3: the date "25/11/2026" is not YYYY-MM-DD or DD.MM.YYYY.'),
    "bad time": ("service,date,time\nsocial,2026-11-25,2pm\n",
                 'Line 2: the time "2pm" is not HH:MM.'),
    "skipped by the clocks": ("service,date,time\nsocial,28.03.2027,03:30\n",
                              "Line 2: 28.03.2027 has no 03:30: the clocks go forward then."),
    "long name": (f"service,date,time,name\nsocial,2026-11-25,14:00,{'x' * 101}\n",
                  "Line 2: the name is longer than 100 characters."),
    "duplicate": ("service;date;time;name\nsocial;2026-11-25;14:00;Anna\n"
                  "social;2026-11-26;9:00;Jānis\nsocial;2026-11-25;14:00;anna\n",
                  "Line 4: the same booking as line 2."),
    "unknown column": ("service,date,time,phone\n",
                       'Line 1: the header names an unknown column "phone" '
                       "(service, date, time, name, contact)."),
    "no time column": ("service,date\nsocial,2026-11-25\n",
                       'Line 1: the header has no "time" column '
                       "(service, date and time are needed)."),
    "header only": ("service,date,time\n", "The file holds no bookings."),
    "unknown service": ("service,date,time\nsocial,2026-11-25,14:00\npasses,2026-11-25,14:00\n",
                        'Line 3: There is no service "passes" in this centre.'),
    "past": ("service,date,time\nsocial,2026-11-25,14:00\nsocial,2026-11-25,10:30\n",
             "Line 3: 25.11.2026 10:30 has already begun: choose a later slot."),
    "outside the slots": ("service,date,time\nsocial,2026-11-25,14:15\n",
                          'Line 2: 25.11.2026 14:15 is not a slot of "social": '
                          "choose one of its free slots."),
    "full with the file's own rows": (
        "service,date,time\nsocial,2026-11-25,14:00\nsocial,2026-11-25,14:30\n"
        "social,2026-11-25,14:00\nsocial,2026-11-25,14:00\n",
        "Line 5: The slot at 25.11.2026 14:00 is full: choose another."),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD)
async def test_a_bad_row_is_named_and_nothing_is_imported(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    case: str,
) -> None:  # fmt: skip
    text, problem = BAD[case]
    file = tmp_path / "export.csv"
    file.write_text(text, encoding="utf-8")
    assert await _import(centre, db, file) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"rinda: {file}: {problem} Nothing was imported.\n")
    assert _booked(db) == 0
    assert not db.exists() or rows(db, "SELECT count(*) FROM personal") == [(0,)]


async def test_a_file_that_is_not_utf8_or_too_large_is_refused_unread(
    centre: Path, db: Path, clock: Clock, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    latin = tmp_path / "latin.csv"
    latin.write_bytes("service,date,time,name\nsocial,2026-11-25,14:00,Bērziņa\n".encode("cp1257"))
    assert await _import(centre, db, latin) == 2
    assert capsys.readouterr().err == (
        f"rinda: {latin}: Line 2: this is not UTF-8 text (save the file as UTF-8). "
        "Nothing was imported.\n"
    )
    monkeypatch.setattr(appointments_csv, "MAX_FILE_BYTES", 1024)
    big = tmp_path / "big.csv"
    big.write_text("service,date,time\n" + "social,2026-11-25,14:00\n" * 50)
    assert await _import(centre, db, big) == 2
    assert capsys.readouterr().err == (
        f"rinda: {big}: The file is larger than 1 kB. Nothing was imported.\n"
    )
    monkeypatch.setattr(appointments_csv, "MAX_ROWS", 3)
    many = tmp_path / "many.csv"
    many.write_text("service,date,time\n" + "social,2026-11-25,14:00\n" * 4)
    assert await _import(centre, db, many) == 2
    assert capsys.readouterr().err == (
        f"rinda: {many}: Line 5: more than 3 bookings in one file; split it. "
        "Nothing was imported.\n"
    )
    assert _booked(db) == 0
