"""`rinda comments` on the database of a real server: visitors rated their visits on the phone
page with a comment, and the manager reads them beside each ticket's service, counter and
latest rating, as a table or as CSV for a Latvian Excel; hostile text is shown as plain text,
a purged day shows none, and bad input is one line and exit status 2."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest

from server import cli_report
from server.config import loads
from server.store.personal import purge
from tests.conftest import Clock, centre_toml
from tests.reports_cli.run import Said, rinda
from tests.server.harness import Running, device, start_server

CENTRE = centre_toml() + "\n[feedback]\ncomment_chars = 200\n"
HOSTILE = "Line one\r\nline two [bold red]loud[/] <b>bold</b>"
FORMULA = '=HYPERLINK("http://evil.test","click")'


def post(url: str, **fields: str) -> int:
    """The phone page's form as a browser sends it (the redirect back followed)."""
    req = urllib.request.Request(url, data=urlencode(fields).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=5) as answer:
        return int(answer.status)


async def visit(running: Running, service: str, at: str, to: str | None = None) -> tuple[str, str]:
    """A ticket taken for `service`, called at counter `at` (transferred `to` another service
    and finished at counter 2, if given), finished: its number and phone page."""
    async with device(running, "k1") as kiosk, device(running, f"c{at}") as counter:
        ticket = (await kiosk.ok("take_ticket", service=service))["ticket"]
        number = ticket["number"]
        await counter.ok("call_next")
        if to is None:
            await counter.ok("finish", ticket=number)
        else:
            await counter.ok("transfer", ticket=number, service=to)
            async with device(running, "c2") as second:
                await second.ok("call_next")
                await second.ok("finish", ticket=number)
    token = ticket["status_url"].rsplit("/t/", 1)[1]
    return number, f"http://127.0.0.1:{running.port}/t/{token}"


async def rate(clock: Clock, page: str, minutes: int, **fields: str) -> None:
    clock.now += timedelta(minutes=minutes)
    assert await asyncio.to_thread(post, page, **fields) == 200


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(CENTRE, encoding="utf-8")
    return path


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Clock:
    monkeypatch.setattr(cli_report, "utc_now", clock)
    return clock


@pytest.fixture
async def rated(db_path: Path, now: Clock) -> list[str]:
    """A day at the test centre (2026-11-25, Riga): three visits rated with comments. The
    numbers of the tickets."""
    async with start_server(loads(CENTRE), db_path, now) as running:
        a, page_a = await visit(running, "social", "2")
        await rate(now, page_a, 5, score="2", reason="waited_too_long", comment=HOSTILE)
        b, page_b = await visit(running, "tax", "3", to="social")
        await rate(now, page_b, 5, score="5", comment=FORMULA)
        # A changed rating without a new comment: the comment stays, the new face counts.
        await rate(now, page_b, 2, score="3", reason="unclear_information")
        c, page_c = await visit(running, "social", "2")
        await rate(now, page_c, 1, score="4", comment="Ātri un laipni 👩‍💻")
    return [a, b, c]


def comments(centre: Path, db: Path, capsys: pytest.CaptureFixture[bytes], *more: str) -> Said:
    day = "2026-11-25"
    return rinda(capsys, "comments", "--from", day, "--to", day, "--db", str(db),
                 "--config", str(centre), *more)  # fmt: skip


async def test_the_table_shows_each_comment_under_its_tickets_latest_rating(
    rated: list[str], centre: Path, db_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    a, b, c = rated
    said = comments(centre, db_path, capsysbinary)
    assert said.code == 0, said.err
    lines = said.out.decode().splitlines()
    assert lines[:3] == [
        "Testa centrs",
        "visitors' comments, 2026-11-25 to 2026-11-25 (made 2026-11-25 11:13)",
        "Personal data: the server deletes them after 90 days ([bookings] retain_days); "
        "keep no copy longer.",
    ]
    body = [line.split("  ") for line in lines[4:-2]]
    facts = [[cell.strip() for cell in row if cell.strip()] for row in body[2::2]]
    assert facts == [
        ["2026-11-25", "11:05", a, "Sociālie pakalpojumi", "2", "2", "Pārāk ilgi gaidīju"],
        # Transferred from taxes, finished at counter 2: the visit it ended with.
        ["2026-11-25", "11:12", b, "Sociālie pakalpojumi", "2", "3", "Neskaidra informācija"],
        ["2026-11-25", "11:13", c, "Sociālie pakalpojumi", "2", "4", "-"],
    ]
    shown = lines[7:12:2]
    assert shown == [
        "    Line one line two [bold red]loud[/] <b>bold</b>",
        f"    {FORMULA}",
        "    Ātri un laipni 👩‍💻",
    ]
    assert lines[-1] == "3 comments."


async def test_the_csv_opens_in_a_latvian_excel_and_runs_no_formula(
    rated: list[str],
    centre: Path,
    db_path: Path,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    a, b, _ = rated
    out = tmp_path / "comments.csv"
    said = comments(centre, db_path, capsysbinary, "--lang", "en", "-o", str(out))
    assert said.code == 0 and said.out == b""
    assert said.err == f"wrote 3 comment(s) to {out}\n"
    assert out.stat().st_mode & 0o777 == 0o600  # personal data: its owner's only
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["day", "time", "ticket", "service", "counter", "score", "reason", "comment"]
    shown = "Line one line two [bold red]loud[/] <b>bold</b>"
    assert rows[1] == ["2026-11-25", "11:05", a, "Social services", "2", "2",
                       "I waited too long", shown]  # fmt: skip
    assert rows[2][2] == b and rows[2][-1] == "'" + FORMULA
    assert rows[3][-2:] == ["", "Ātri un laipni 👩‍💻"]


async def test_what_the_database_holds_is_checked_again_before_it_is_shown(
    rated: list[str], centre: Path, db_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A database written by anything else (an older version, a hand edit) may hold what the
    phone page refuses: terminal escapes, reversed text, a line break, any length."""
    a, b, _ = rated
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE comments SET text = ? WHERE ticket = ?",
            ("\x1b[2J\x1b]0;owned\x07wiped\u202eevil\nnext\x00", a),
        )
        conn.execute("UPDATE comments SET text = ? WHERE ticket = ?", ("-x" * 400, b))
    conn.close()
    said = comments(centre, db_path, capsysbinary)
    assert said.code == 0, said.err
    text = said.out.decode()
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
    assert "\u202e" not in text
    lines = text.splitlines()
    assert lines[7] == "    \ufffd[2J\ufffd]0;owned\ufffdwiped\ufffdevil next\ufffd"
    assert lines[9] == "    " + ("-x" * 400)[:500] + "…"
    said = comments(centre, db_path, capsysbinary, "--format", "csv")
    rows = list(csv.reader(io.StringIO(said.out.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[2][-1] == "'" + ("-x" * 400)[:500] + "…"


async def test_a_purged_day_shows_no_comment(
    rated: list[str],
    centre: Path,
    db_path: Path,
    now: Clock,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    now.now += timedelta(days=1)
    async with start_server(loads(CENTRE), db_path, now) as running:
        number, page = await visit(running, "social", "2")
        await rate(now, page, 1, score="5", comment="Next day")
        done = await purge(running.server.store, now.now.date())
        assert done.comments == 3
    both = ("--from", "2026-11-25", "--to", "2026-11-26", "--format", "csv")
    said = rinda(capsysbinary, "comments", *both, "--db", str(db_path), "--config", str(centre))
    rows = list(csv.reader(io.StringIO(said.out.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(r[0], r[2], r[-1]) for r in rows[1:]] == [("2026-11-26", number, "Next day")]
    said = comments(centre, db_path, capsysbinary)
    assert (said.code, said.out) == (2, b"")
    assert said.err == "rinda: No comment was kept from 2026-11-25 to 2026-11-25.\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--from", "2026-11-26", "--to", "2026-11-25"),
         "rinda: The period starts on 2026-11-26 after it ends on 2026-11-25.\n"),
        (("--from", "2025-01-01", "--to", "2026-11-25"),
         "rinda: The period is 694 days long; a report covers at most 400.\n"),
        (("--from", "2026-11-25", "--to", "2026-11-25", "--format", "xlsx"),
         "rinda comments: argument --format: invalid choice: 'xlsx' (choose from 'table', 'csv')"
         " (see --help)\n"),
        (("--from", "2026-11-25", "--to", "2026-11-25", "-o", "x.xlsx"),
         "rinda: --output x.xlsx names a .xlsx file; this command writes table, csv\n"),
        (("--from", "2026-11-25", "--to", "2026-11-25", "--format", "table", "-o", "x.csv"),
         "rinda: --format table does not match --output x.csv: leave out --format to write "
         "csv, or name the file .txt\n"),
        (("--from", "25.11.2026", "--to", "2026-11-25"),
         'rinda comments: argument --from: "25.11.2026" is not a date like 2026-11-02'
         " (see --help)\n"),
    ],
)  # fmt: skip
async def test_bad_input_is_one_line_and_leaves_the_old_file_as_it_was(
    rated: list[str],
    centre: Path,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    args: tuple[str, ...],
    error: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    old = tmp_path / "x.csv"
    old.write_bytes(b"kept")
    before = sorted(tmp_path.iterdir())
    said = rinda(capsysbinary, "comments", *args, "--db", str(db_path), "--config", str(centre))
    assert (said.code, said.out, said.err) == (2, b"", error)
    assert old.read_bytes() == b"kept"
    assert sorted(tmp_path.iterdir()) == before  # no partial file, no x.xlsx


async def test_without_a_database_nothing_is_made(
    centre: Path, tmp_path: Path, now: Clock, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    missing = tmp_path / "none.db"
    said = comments(centre, missing, capsysbinary)
    assert (said.code, said.err) == (2, f"rinda: There is no database at {missing}.\n")
    assert not missing.exists()
