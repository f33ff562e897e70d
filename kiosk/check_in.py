"""A booking code from the visitor (typed or scanned) and the server's refusals of a check-in,
as the kiosk puts them: pure, no Textual.

The kiosk says each refusal in its own sentence in the visitor's language; the server's
English text is read for two things only: the booking's date and time ("26.11.2026 10:20",
the core's `booking.when`), which the sentence names when it is there, and whether a
`booking_closed` is about a ticket joined from home (core/remote.py: "Ticket A001 is checked
in already.", "Ticket A001 is called."), which is said as a ticket's, not a booking's.
"""

from __future__ import annotations

import re

from kiosk.visit import Visit
from server.core.booking import CODE_ALPHABET, CODE_LENGTH

# The server's text is short; only its start is looked at.
MESSAGE_READ = 200
WHEN = re.compile(r"\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\b")
REMOTE_TICKET = re.compile(r"Ticket \S{1,16} is ")
REMOTE_HERE = "checked in already"

# Refusals the visitor can do nothing about at the keypad: the booking page says them and
# offers a walk-in ticket.
ON_BOOKING_PAGE = {
    "booking_lapsed": "booking.lapsed",
    "booking_not_today": "booking.not_today",
    "booking_closed": "booking.closed",
}
# Said on the keypad, where the visitor can fix the code or try again.
ON_CODE_PAGE = {
    "unknown_booking": "code.unknown",
    "rate_limited": "error.rate_limited",
    "centre_closed": "code.centre_closed",
}


def typed_char(character: str | None) -> str | None:
    """A key's character as a code character (case does not matter), or None."""
    if character is None or len(character) != 1:
        return None
    upper = character.upper()
    return upper if upper in CODE_ALPHABET else None


def grouped(code: str, blank: str = "_") -> str:
    """The code as it is read aloud and printed: two groups of three ("K7M 4QP"), the
    characters still to come shown as `blank`."""
    full = code.ljust(CODE_LENGTH, blank)
    return f"{full[:3]} {full[3:]}"


def refused(visit: Visit, code: str, message: str) -> Visit:
    """The visit after the server refused its check-in with `code` and `message`."""
    said = message[:MESSAGE_READ]
    if code == "place_lapsed":
        return visit.not_checked_in("booking", "booking.remote_lapsed")
    if code == "booking_closed" and REMOTE_TICKET.match(said):
        here = REMOTE_HERE in said
        return visit.not_checked_in("booking", f"booking.remote_{'here' if here else 'closed'}")
    if code in ON_BOOKING_PAGE:
        found = WHEN.search(said)
        when = found.group() if found else ""
        # A lapsed or another day's booking is said with its date, if the server's text had it.
        dated = code != "booking_closed"
        key = ON_BOOKING_PAGE[code] + ("_undated" if dated and not when else "")
        return visit.not_checked_in("booking", key, when)
    return visit.not_checked_in("code", ON_CODE_PAGE.get(code, "error.other"))
