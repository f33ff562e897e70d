"""Check-in as values: the scanner read from keys, the code as the visitor edits it, and the
server's refusals put into the kiosk's own words. No Textual, no server."""

from __future__ import annotations

import msgspec

from kiosk.check_in import grouped, refused, typed_char
from kiosk.scanner import SCAN_GAP_S, Wedge
from kiosk.state import welcomed
from kiosk.visit import Visit
from server.protocol.welcome import Welcome


def scan(wedge: Wedge, text: str, at: float = 100.0, step: float = 0.01) -> list[str | None]:
    """What the wedge says to each key of `text` and the final Enter."""
    out = [wedge.key(ch, ch, at + i * step) for i, ch in enumerate(text)]
    return [*out, wedge.key("enter", "\r", at + len(text) * step)]


def test_a_scanned_code_ends_with_enter_in_any_case_and_with_dashes() -> None:
    wedge = Wedge()
    assert scan(wedge, "K7M4QP") == [None] * 6 + ["K7M4QP"]
    assert scan(wedge, "k7m-4qp")[-1] == "K7M4QP"
    assert scan(wedge, "K7M 4QP")[-1] == "K7M4QP"


def test_an_enter_after_anything_but_a_code_is_left_to_the_page() -> None:
    wedge = Wedge()
    assert wedge.key("enter", "\r", 1.0) is None  # a plain Enter: the focused button
    assert scan(wedge, "K7M4Q")[-1] is None  # too short
    assert scan(wedge, "K7M4QO")[-1] is None  # O is no code character
    assert scan(wedge, "http://rinda.test/a/K7M4QP")[-1] is None
    assert scan(wedge, "K7M4QP" * 10)[-1] is None


def test_a_key_from_long_before_or_another_key_between_is_not_part_of_a_scan() -> None:
    wedge = Wedge()
    wedge.key("X", "X", 10.0)
    assert scan(wedge, "K7M4QP", at=10.0 + SCAN_GAP_S + 0.5)[-1] == "K7M4QP"
    wedge.key("K", "K", 20.0)
    wedge.key("backspace", None, 20.01)
    assert scan(wedge, "7M4QP", at=20.02)[-1] is None
    # Each Enter ends what came before it.
    assert scan(wedge, "K7M4QP")[-1] == "K7M4QP"
    assert wedge.key("enter", "\r", 200.0) is None


def test_only_code_characters_are_typed() -> None:
    assert [typed_char(c) for c in ("k", "7", "Z")] == ["K", "7", "Z"]
    assert [typed_char(c) for c in ("0", "O", "1", "i", "-", " ", None, "ab")] == [None] * 8


def test_the_code_is_shown_in_two_groups_with_blanks_to_come() -> None:
    assert grouped("") == "___ ___"
    assert grouped("K7M4") == "K7M 4__"
    assert grouped("K7M4QP") == "K7M 4QP"


def test_editing_the_code_is_a_new_request_and_stops_at_six() -> None:
    visit = Visit.start().entering_code("ru")
    assert (visit.stage, visit.lang, visit.code) == ("code", "ru", "")
    for ch in "K7M4QPX":
        visit = visit.typed(ch)
    assert visit.code == "K7M4QP"
    sent = visit.checking("K7M4QP")
    assert sent.taking and sent.request_id == visit.request_id
    assert sent.typed("Z") is sent  # nothing changes while the check-in is on its way
    unanswered = sent.unanswered("error.timeout")
    # A retry of the same code is the same request; another code is a new one.
    assert unanswered.checking("K7M4QP").request_id == sent.request_id
    assert unanswered.erased().code == "K7M4Q"
    assert unanswered.erased().request_id != sent.request_id
    assert unanswered.cleared().code == ""
    scanned = unanswered.checking("ABCDEF")
    assert scanned.request_id != sent.request_id and scanned.code == "ABCDEF"


def test_refusals_are_said_in_the_kiosks_words_with_the_bookings_date() -> None:
    visit = Visit.start().entering_code("en").checking("K7M4QP")
    lapsed = refused(
        visit,
        "booking_lapsed",
        "The booking K7M4QP for 25.11.2026 10:20 has lapsed: please take a walk-in ticket.",
    )
    assert (lapsed.stage, lapsed.message, lapsed.when) == (
        "booking",
        "booking.lapsed",
        "25.11.2026 10:20",
    )
    assert not lapsed.taking and lapsed.request_id != visit.request_id
    other_day = refused(visit, "booking_not_today", "Not today.")
    assert (other_day.stage, other_day.message) == ("booking", "booking.not_today_undated")
    closed = refused(visit, "booking_closed", "The booking K7M4QP was cancelled.")
    assert (closed.stage, closed.message) == ("booking", "booking.closed")
    unknown = refused(visit, "unknown_booking", "There is no such booking.")
    assert (unknown.stage, unknown.message, unknown.code) == ("code", "code.unknown", "K7M4QP")
    odd = refused(visit, "a_code_from_a_newer_server", "<b>whatever</b>")
    assert (odd.stage, odd.message) == ("code", "error.other")


def test_check_in_is_offered_only_when_the_server_says_so_and_older_servers_say_nothing() -> None:
    frame = {
        "type": "welcome",
        "snapshot": {
            "role": "kiosk",
            "protocol": 1,
            "server_version": "0.1.0",
            "centre": {"name": {"lv": "C"}, "timezone": "Europe/Riga"},
            "day": None,
            "services": [],
            "priorities": [],
            "counters": [],
            "calls": [],
        },
    }
    older = welcomed(msgspec.json.decode(msgspec.json.encode(frame), type=Welcome).snapshot)
    assert older is not None and older.check_in is False
    frame["snapshot"]["check_in"] = True  # type: ignore[index]
    newer = welcomed(msgspec.json.decode(msgspec.json.encode(frame), type=Welcome).snapshot)
    assert newer is not None and newer.check_in is True and newer.remote is False
    frame["snapshot"]["remote"] = True  # type: ignore[index]
    remote = welcomed(msgspec.json.decode(msgspec.json.encode(frame), type=Welcome).snapshot)
    assert remote is not None and remote.remote is True


def test_a_ticket_from_homes_refusals_are_said_as_a_tickets() -> None:
    """The core's sentences (server/core/remote.py) for a remote ticket's check-in."""
    visit = Visit.start().entering_code("lv").checking("RMT234")

    def said(code: str, message: str) -> tuple[str, str]:
        after = refused(visit, code, message)
        return after.stage, after.message

    lapsed = "Ticket A001 lapsed: its turn came and nobody checked in within 15 min."
    assert said("place_lapsed", lapsed) == ("booking", "booking.remote_lapsed")
    here = "Ticket A001 is checked in already."
    assert said("booking_closed", here) == ("booking", "booking.remote_here")
    assert said("booking_closed", "Ticket A001 is called.") == ("booking", "booking.remote_closed")
    # A booking's own sentences stay a booking's.
    booking = "The booking K7M4QP is checked in already as A001."
    assert said("booking_closed", booking) == ("booking", "booking.closed")
