"""docs/protocol.md agrees with the frames in server/protocol: every field of every frame is
documented where that frame is, field tables name only fields that exist, every JSON example
is exactly what the structs produce, and the error tables list exactly the error codes."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import msgspec
import pytest

from server.net.rating_page import PageStatus
from server.protocol import events as e
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol import reports as rep
from server.protocol import views as v
from server.protocol import welcome as w
from server.protocol.codes import ErrorCode
from server.protocol.server_frames import ServerMessage
from server.protocol.waits import WaitBand

DOC = Path(__file__).parents[2] / "docs" / "protocol.md"

# Where each frame (or piece of one) is documented: the heading of its section.
SECTIONS: dict[type[msgspec.Struct], str] = {
    m.Hello: "### hello",
    w.Welcome: "### welcome",
    w.KioskSnapshot: "### welcome",
    **{kind: "## 3. Requests" for kind in m.ALLOWED},
    w.CentreSnapshot: "### welcome",
    w.DisplaySnapshot: "### welcome",
    w.CounterSnapshot: "### welcome",
    w.ManagerSnapshot: "### welcome",
    w.CounterState: "### welcome",
    w.PhoneSnapshot: "#### Phones",
    w.FeedbackSnapshot: "#### Feedback tablets",
    v.CounterName: "#### Feedback tablets",
    v.ReasonInfo: "#### Feedback tablets",
    v.FeedbackSettings: "#### Feedback tablets",
    r.Rated: "## 3. Requests",
    v.CentreInfo: "### welcome",
    v.ServiceInfo: "### welcome",
    v.InstitutionInfo: "### welcome",
    v.PriorityInfo: "### welcome",
    v.CounterInfo: "### welcome",
    v.CallEntry: "### welcome",
    v.DisplaySettings: "### welcome",
    v.PrinterState: "### welcome",
    v.TicketView: "### Ticket view",
    v.IssuedTicket: "## 3. Requests",
    v.ClerkInfo: "## 3. Requests",
    r.TicketIssued: "## 3. Requests",
    r.TicketReply: "## 3. Requests",
    r.SignedIn: "## 3. Requests",
    r.Error: "## 6. Errors",
    v.QueueState: "### queue",
    e.Queue: "### queue",
    e.Called: "### called",
    e.CounterChanged: "### counter",
    e.DayStarted: "### day",
    e.Taken: "### Ticket events",
    e.Arrived: "### Ticket events",
    e.Passed: "### Ticket events",
    e.Lapsed: "### Ticket events",
    e.Serving: "### Ticket events",
    e.Finished: "### Ticket events",
    e.NoShow: "### Ticket events",
    e.Cancelled: "### Ticket events",
    e.Transferred: "### Ticket events",
    e.PrinterChanged: "### printer",
    e.Status: "#### Phones",
    v.PhoneStatus: "#### Phones",
    v.RemoteStatus: "#### Phones",
    WaitBand: "### Showing a wait",
    v.SlotView: "### Appointments",
    v.BookingView: "### Appointments",
    r.SlotList: "## 3. Requests",
    r.BookingReply: "## 3. Requests",
    r.BookingList: "## 3. Requests",
    e.BookingChanged: "### booking",
    e.IssuingChanged: "### issuing",
    e.NoticeChanged: "### notice",
    r.ReportReply: "## 3. Requests",
    rep.Report: "### Reports",
    rep.Figures: "### Reports",
    rep.Spread: "### Reports",
    rep.Told: "### Reports",
    rep.Feedback: "### Reports",
    rep.Reason: "### Reports",
}


def doc() -> str:
    return DOC.read_text("utf-8")


def section(heading: str) -> str:
    """The text under `heading`, up to the next heading of the same or a higher level."""
    text = doc()
    start = text.index(f"\n{heading}\n")
    level = heading.split(" ")[0]
    end = re.compile(rf"\n#{{1,{len(level)}}} ").search(text, start + len(heading) + 2)
    return text[start : end.start() if end else len(text)]


def code_words(text: str) -> set[str]:
    """Every identifier inside a `code span` (so `{number, service}` names both)."""
    return {w for span in re.findall(r"`([^`\n]+)`", text) for w in re.findall(r"\w+", span)}


def table_fields(text: str) -> list[str]:
    """The names in the first column of the tables whose first header cell is "field"."""
    names: list[str] = []
    in_table = False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif cells[0] == "field":
            in_table = True
        elif in_table and not set(cells[0]) <= set("-: "):
            names += re.findall(r"`(\w+)`", cells[0])
    return names


def fields(kind: type[msgspec.Struct]) -> set[str]:
    return set(kind.__struct_fields__)


def all_structs() -> set[type[msgspec.Struct]]:
    """Every frame type either side sends, and every struct nested in them."""
    found: set[type[msgspec.Struct]] = set()
    todo: list[Any] = [*typing.get_args(ServerMessage), *typing.get_args(m.ClientFrame)]
    todo += [w.CentreSnapshot, *r.REPLY_TO.values(), *typing.get_args(w.AnySnapshot)]
    while todo:
        kind = todo.pop()
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            if kind not in found:
                found.add(kind)
                todo += list(typing.get_type_hints(kind).values())
        else:
            todo += typing.get_args(kind)
    return found


def test_every_frame_has_a_place_in_the_reference() -> None:
    missing = {k.__name__ for k in all_structs() if k not in SECTIONS and fields(k)}
    assert missing == {"Ok"}  # `re` alone: documented with every request (section 3)


@pytest.mark.parametrize("kind", list(SECTIONS), ids=lambda k: k.__name__)
def test_every_field_is_documented_where_its_frame_is(kind: type[msgspec.Struct]) -> None:
    undocumented = fields(kind) - code_words(section(SECTIONS[kind]))
    assert not undocumented, f"{kind.__name__} fields missing under {SECTIONS[kind]!r}"


@pytest.mark.parametrize("heading", sorted(set(SECTIONS.values())))
def test_field_tables_name_only_fields_that_exist(heading: str) -> None:
    text = section(heading)
    # The frames documented here and in its subsections.
    inside = [k for k, h in SECTIONS.items() if section(h) in text]
    known = {"type", "role"}.union(*(fields(k) for k in inside))
    invented = set(table_fields(text)) - known
    assert not invented, f"documented under {heading!r} but in no frame: {invented}"


def test_the_error_tables_list_exactly_the_error_codes() -> None:
    codes = table_fields(section("## 6. Errors").replace("| code |", "| field |"))
    assert sorted(codes) == sorted(set(codes)), "a code is listed twice"
    assert set(codes) == set(typing.get_args(ErrorCode))


def examples() -> list[dict[str, Any]]:
    """Every JSON object in the document's json blocks (a `→`/`←` line may continue)."""
    found = []
    decoder = json.JSONDecoder()
    for block in re.findall(r"```json\n(.*?)```", doc(), re.S):
        text = block.replace("→", " ").replace("←", " ")
        at = text.find("{")
        while at != -1:
            try:
                obj, end = decoder.raw_decode(text, at)
            except json.JSONDecodeError:
                at = text.find("{", at + 1)
                continue
            found.append(obj)
            at = text.find("{", end)
    return found


_server = msgspec.json.Decoder(ServerMessage)
_client = msgspec.json.Decoder(m.ClientFrame)


def example_type(obj: dict[str, Any]) -> Any:
    """What the struct of a documented object is, by what it looks like."""
    if obj.get("type") == "ok":
        if set(obj) == {"type", "re"}:
            return r.Ok  # a reply with nothing to say
        if "clerk" in obj:
            return r.SignedIn
        for key, reply in (("slots", r.SlotList), ("bookings", r.BookingList)):
            if key in obj:
                return reply
        if "booking" in obj:
            return r.BookingReply
        if "report" in obj:
            return r.ReportReply
        if "rated" in obj:
            return r.Rated
        ticket = obj.get("ticket")
        return r.TicketIssued if ticket and "status_url" in ticket else r.TicketReply
    if obj.get("type") == "counter" and "current" in obj:
        return w.CounterState  # a counter's own state, shown from its welcome
    if "type" in obj:
        # (`no_show` is a request and an event: a request has an `id`.)
        return m.ClientFrame if "id" in obj or obj["type"] == "hello" else ServerMessage
    if "rateable" in obj:
        return PageStatus  # the phone page's JSON: a status and its rating
    if "ahead" in obj and "wait" in obj:
        return v.PhoneStatus
    return None  # /health: not a websocket frame


def test_every_example_is_exactly_what_the_structs_say() -> None:
    checked = 0
    for obj in examples():
        kind = example_type(obj)
        if kind is None:
            continue
        try:
            decoded = msgspec.convert(obj, kind)
        except msgspec.ValidationError as error:
            pytest.fail(f"the document shows {obj}: {error}")
        again = msgspec.to_builtins(decoded)
        if isinstance(decoded, m.Hello | m.Request):
            again = {k: v for k, v in again.items() if k in obj}  # defaults may be omitted
        assert again == obj, f"{type(decoded).__name__}: the document shows {obj}"
        checked += 1
    assert checked >= 30
