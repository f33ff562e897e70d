"""Reading a municipal e-service's export of bookings (`rinda appointments import FILE.csv`).

The format (docs/appointments.md): UTF-8 with or without a byte order mark; a header row
naming the columns (any order, English or Latvian names): service, date, time and optionally
name and contact; `;` or `,` between fields, whichever the header uses; one booking a row.

Here only the file's shape is checked, every row, each error naming its line; the centre's
rules (a known bookable service, in hours, not past, a free place counting the file's own
earlier rows) are the core's, checked for all rows in one command (core/appointments.py).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

from server.net.admin_inbox import MAX_ROWS, ImportLine
from server.protocol.codec import excerpt

MAX_FILE_BYTES = 1024 * 1024
# The same bounds as the websocket's `book` (server/protocol/messages.py).
MAX_SERVICE = 32
MAX_PERSONAL = 100
NOTHING = "Nothing was imported."

# Each column's accepted header names (compared case-insensitively).
COLUMNS = {
    "service": ("service", "pakalpojums"),
    "date": ("date", "datums"),
    "time": ("time", "laiks"),
    "name": ("name", "vārds", "vards"),
    "contact": ("contact", "kontakts"),
}
REQUIRED = ("service", "date", "time")
_HEADER = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


class BadFile(Exception):
    """The file cannot be imported; the message names the line and says nothing was."""

    def __init__(self, line: int | None, problem: str) -> None:
        where = f"Line {line}: " if line is not None else ""
        super().__init__(f"{where}{problem} {NOTHING}")


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise BadFile(line, "this is not UTF-8 text (save the file as UTF-8).") from None


def _header(row: list[str]) -> list[str]:
    names: list[str] = []
    for cell in row:
        column = _HEADER.get(cell.strip().casefold())
        if column is None:
            known = ", ".join(COLUMNS)
            raise BadFile(1, f'the header names an unknown column "{excerpt(cell, 40)}" ({known}).')
        if column in names:
            raise BadFile(1, f'the header names the column "{column}" twice.')
        names.append(column)
    for column in REQUIRED:
        if column not in names:
            raise BadFile(
                1, f'the header has no "{column}" column (service, date and time are needed).'
            )
    return names


def _day(text: str) -> date:
    """YYYY-MM-DD, or DD.MM.YYYY as Latvian exports write it."""
    if "." in text:
        d, m, y = text.split(".")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text)


def _start(line: int, day: str, at: str, tz: tzinfo) -> datetime:
    try:
        when = _day(day.strip())
    except ValueError:
        raise BadFile(
            line, f'the date "{excerpt(day, 20)}" is not YYYY-MM-DD or DD.MM.YYYY.'
        ) from None
    try:
        hh, mm = at.strip().split(":")
        clock = time(int(hh), int(mm))
    except ValueError:
        raise BadFile(line, f'the time "{excerpt(at, 20)}" is not HH:MM.') from None
    try:
        return wall_clock(when, clock, tz)
    except ValueError as e:
        raise BadFile(line, f"{e}.") from None


def wall_clock(day: date, clock: time, tz: tzinfo) -> datetime:
    """The UTC instant of a local wall-clock time; ValueError for one skipped when the
    clocks go forward (else it would silently become an hour later). A time repeated when
    they go back is its first occurrence, as the slots are (core/booking.py)."""
    local = datetime.combine(day, clock, tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(f"{day:%d.%m.%Y} has no {clock:%H:%M}: the clocks go forward then")
    return instant


def _field(line: int, what: str, value: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise BadFile(line, f"the {what} is longer than {limit} characters.")
    if not value.isprintable():
        raise BadFile(line, f"the {what} holds a control character.")
    return value


def read_bookings(path: Path, tz: tzinfo) -> list[ImportLine]:
    """Every booking in the file, or BadFile for the first row that is wrong."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise BadFile(None, f"Cannot read {path}: {e.strerror}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadFile(None, f"The file is larger than {MAX_FILE_BYTES // 1024} kB.")
    text = _text(data)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in first else ",")
    out: list[ImportLine] = []
    seen: dict[tuple[str, datetime, str, str], int] = {}
    names: list[str] | None = None
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as e:
            raise BadFile(line, f"the row cannot be read ({e}).") from None
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        if names is None:
            names = _header(row)
            continue
        if len(row) != len(names):
            raise BadFile(line, f"{len(row)} fields where the header has {len(names)}.")
        if len(out) == MAX_ROWS:
            raise BadFile(line, f"more than {MAX_ROWS} bookings in one file; split it.")
        cells = dict(zip(names, row, strict=True))
        service = _field(line, "service", cells["service"], MAX_SERVICE)
        if not service:
            raise BadFile(line, "the service is empty.")
        start = _start(line, cells["date"], cells["time"], tz)
        name = _field(line, "name", cells.get("name", ""), MAX_PERSONAL)
        contact = _field(line, "contact", cells.get("contact", ""), MAX_PERSONAL)
        if name or contact:
            key = (service, start, name.casefold(), contact.casefold())
            if key in seen:
                raise BadFile(line, f"the same booking as line {seen[key]}.")
            seen[key] = line
        out.append(ImportLine(line, service, start, name, contact))
    if not out:
        raise BadFile(None, "The file holds no bookings.")
    return out
