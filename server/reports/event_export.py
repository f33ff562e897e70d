"""The raw event log of a period for auditors (`rinda export events`), as CSV or JSON lines.

Each event with its seq, its instant in UTC (as stored) and on the centre's wall clock, its
type and its fields. CSV has one column per field any event type has (empty where an event
has no such field) and follows the report CSV's Excel conventions (BOM, `;`, the formula
guard): a clerk's pause reason or transfer note is text someone typed. The visitor's links
(a ticket's `token`, a booking's `secret`) are capabilities, not facts: they are left out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any, Protocol, get_args
from zoneinfo import ZoneInfo

import msgspec

from server.core.events import AnyEvent
from server.reports.csv_out import BOM, text_cell
from server.store.log_slice import EventRow


class TextSink(Protocol):
    """Where the CSV goes: anything that takes text (a text stream, an encoding writer)."""

    def write(self, text: str, /) -> object: ...


LEFT_OUT = frozenset({"at", "type", "token", "secret"})
HEAD = ["seq", "at (UTC)", "at (local)", "type"]


def event_fields() -> list[str]:
    """Every field of every event type, in the order they first appear (server/core/events.py)."""
    names: dict[str, None] = {}
    for kind in get_args(AnyEvent):
        for field in msgspec.structs.fields(kind):
            if field.encode_name not in LEFT_OUT:
                names.setdefault(field.encode_name, None)
    return list(names)


def _local(at: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(at).astimezone(tz)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return text_cell(value, limit=None)  # whole: an audit quotes what was typed
    return str(value)


def write_csv(rows: Iterable[EventRow], tz: ZoneInfo, out: TextSink) -> int:
    """Write the events to `out` (text written as given: no newline translation); how many."""
    fields = event_fields()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write(BOM)
    writer.writerow([*HEAD, *fields])
    n = 0
    for seq, at, kind, data in rows:
        event: dict[str, Any] = msgspec.json.decode(data)
        # Local time without its offset: a spreadsheet reads "2026-11-02 09:15:03" as a time.
        local = _local(at, tz).isoformat(sep=" ", timespec="seconds")[:19]
        writer.writerow([seq, at, local, kind, *(_cell(event.get(f)) for f in fields)])
        n += 1
    return n


def write_jsonl(rows: Iterable[EventRow], tz: ZoneInfo, out: IO[bytes]) -> int:
    """Write one JSON object per event and line to `out`; how many."""
    encode = msgspec.json.Encoder().encode
    n = 0
    for seq, at, kind, data in rows:
        event: dict[str, Any] = msgspec.json.decode(data)
        line = {"seq": seq, "at": at, "at_local": _local(at, tz).isoformat(), "type": kind}
        line.update((k, v) for k, v in event.items() if k not in LEFT_OUT)
        out.write(encode(line) + b"\n")
        n += 1
    return n
