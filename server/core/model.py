"""The state of a centre's queue: tickets of the current service day and the counters.

msgspec Structs so that a snapshot of the whole state is one fast encode/decode. Unknown fields
are refused, so a snapshot written by another version fails loudly and the store falls back to
an older snapshot or a full replay instead of silently reading an empty queue.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

TicketStatus = Literal["waiting", "called", "serving", "done", "no_show", "cancelled", "expired"]
CounterStatus = Literal["closed", "open", "paused"]
# "missed": not checked in by the end of its grace window (a no-show; the place is freed).
BookingStatus = Literal["booked", "checked_in", "cancelled", "missed"]
OPEN_STATUSES = ("waiting", "called", "serving")


class Ticket(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    number: str
    service: str
    priority: str | None
    lang: str
    token: str
    taken_at: datetime
    # Where fairness counts from: the arrival, or the transfer time when sent to the front.
    queued_at: datetime
    front: bool = False
    status: TicketStatus = "waiting"
    counter: str | None = None
    called_at: datetime | None = None
    calls: int = 0
    # Recalls since the current visit's first call (the recall limit counts these).
    recalls: int = 0
    served_at: datetime | None = None
    ended_at: datetime | None = None
    note: str = ""
    # A checked-in appointment: its booking's id and booked time (its queue starts there).
    booking: str | None = None
    booked_for: datetime | None = None
    # Joined from home (server/core/remote.py): the code it checks in with at the kiosk,
    # when it did (None: "not here yet"), and when its turn came while it was not here.
    remote: bool = False
    code: str | None = None
    arrived_at: datetime | None = None
    passed_at: datetime | None = None

    @property
    def absent(self) -> bool:
        """Joined from home and not checked in yet: never called by `call_next`."""
        return self.remote and self.arrived_at is None

    @property
    def set_aside(self) -> bool:
        """Passed over while not here: out of the lines until it checks in or lapses."""
        return self.absent and self.passed_at is not None


class CounterState(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: str
    status: CounterStatus = "closed"
    clerk: str | None = None
    ticket: str | None = None
    pause_reason: str = ""
    served_today: int = 0
    # When the pause began (None unless paused), so whoever connects later sees its length.
    paused_at: datetime | None = None
    # When the clerk said they would be back, while paused (None: not said, or not paused).
    back_at: datetime | None = None


class ServiceStats(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    # Exponential moving average of how long serving one visitor takes, in seconds.
    avg_service_s: float
    served: int = 0


class Booking(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An appointment: a place in one slot of a service. Nothing personal: a visitor's name
    and contact are kept apart, by `id`, in the store (server/store/personal.py)."""

    id: str
    # What the visitor types or scans at the kiosk (core/booking.py: CODE_ALPHABET).
    code: str
    # The capability in the visitor's link /a/<secret>.
    secret: str
    service: str
    start: datetime
    made_at: datetime
    status: BookingStatus = "booked"
    # The ticket it was checked in as.
    ticket: str | None = None


class Rating(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A ticket's current rating (the latest counts) and how many of its `max_changes` it
    has used, the first answer included."""

    score: int
    reason: str | None
    count: int = 1

    def uses_a_change(self, score: int, reason: str | None) -> bool:
        """Whether rating again with (score, reason) uses up a change. Adding a reason to the
        same face does not: the page asks for it after the face, as one answer. It is free
        only while the face has no reason, so a ticket is rated at most 2 * max_changes times."""
        return not (score == self.score and self.reason is None and reason is not None)


class State(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    day: date | None = None
    last_number: dict[str, int] = {}
    tickets: dict[str, Ticket] = {}
    counters: dict[str, CounterState] = {}
    stats: dict[str, ServiceStats] = {}
    # Visitors each clerk finished today, at whichever counter (their own count on screen).
    served_by_clerk: dict[str, int] = {}
    # The newest calls first, for displays that (re)connect.
    recent_calls: list[tuple[str, str, datetime]] = []
    # Bookings from yesterday on, by id (older ones live only in the log).
    bookings: dict[str, Booking] = {}
    # Services a manager stopped issuing, with the reason the kiosks show (kept across days).
    stopped: dict[str, str] = {}
    # The manager's notice line on the displays ("" none; kept across days).
    notice: str = ""
    # Today's rated tickets (absent from snapshots older than ratings: none).
    ratings: dict[str, Rating] = {}
