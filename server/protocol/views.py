"""The shapes server frames are made of: a ticket as staff see it, a service's queue, a counter.

Shared by the server, which builds them, and every client, which reads them; the frames
themselves are in `events`, `welcome` and `replies`. Times are ISO 8601 strings as they are
on the wire (`Time`): UTC with a `Z`, except `opens_at`, which is local time with its offset.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from server.protocol.waits import WaitBand

Time = str
Texts = dict[str, str]
"""A visible text in every language of the centre: {"lv": ..., "ru": ..., "en": ...}."""
TicketStatus = Literal["waiting", "called", "serving", "done", "no_show", "cancelled", "expired"]
CounterStatus = Literal["open", "paused", "closed"]
PrinterHealth = Literal["ok", "offline", "paper_out", "error"]
# Why a service is not issuing now ("" while it is). "stopped_issuing": shortly before its
# hours end; "suspended": a manager stopped it (`stop_issuing`), their words in `reason_text`.
NotIssuing = Literal["", "closed_today", "not_yet_open", "stopped_issuing", "closed", "suspended"]


class View(msgspec.Struct, kw_only=True, frozen=True):
    """A piece of a frame (untagged: it has no `type` of its own)."""


class ServerFrame(msgspec.Struct, kw_only=True, frozen=True, tag_field="type"):
    """A frame the server sends; `type` says which."""


class TicketView(View, kw_only=True, frozen=True, omit_defaults=True):
    """What staff screens show of a ticket (no status token, no personal data)."""

    number: str
    service: str
    priority: str | None
    status: TicketStatus
    counter: str | None
    taken_at: Time
    called_at: Time | None
    calls: int
    waited_s: int
    note: str
    # A checked-in appointment: the time it was booked for (None: a walk-in).
    booked_for: Time | None = None
    # Joined from home; `here` false while "not here yet" (checked in at a kiosk, or called
    # by number); `passed_at` when its turn came while not here, `lapses_at` when it lapses.
    remote: bool = False
    here: bool = True
    passed_at: Time | None = None
    lapses_at: Time | None = None


class QueueState(View, kw_only=True, frozen=True, omit_defaults=True):
    """A service's queue now: what `queue` events carry per service id."""

    waiting: int
    estimated_wait_s: int
    waiting_since: Time | None
    issuing: bool
    reason: NotIssuing
    opens_at: Time | None
    # The manager's words while `reason` is "suspended" (absent otherwise, and from older
    # servers). Plain text, at most 100 characters.
    reason_text: str = ""


class ServiceInfo(View, kw_only=True, frozen=True, omit_defaults=True):
    """A configured service and its queue, as a welcome snapshot lists it."""

    id: str
    prefix: str
    name: Texts
    institution: str
    institution_name: Texts | None
    target_wait_min: int
    waiting: int
    estimated_wait_s: int
    waiting_since: Time | None
    issuing: bool
    reason: NotIssuing
    opens_at: Time | None
    # It takes appointments (`[services.booking]`); absent (False) for walk-ins only.
    bookable: bool = False
    reason_text: str = ""

    def with_queue(self, q: QueueState) -> ServiceInfo:
        """This service with the queue of a later `queue` event."""
        return msgspec.structs.replace(
            self,
            waiting=q.waiting,
            estimated_wait_s=q.estimated_wait_s,
            waiting_since=q.waiting_since,
            issuing=q.issuing,
            reason=q.reason,
            opens_at=q.opens_at,
            reason_text=q.reason_text,
        )


class PriorityInfo(View, kw_only=True, frozen=True):
    id: str
    name: Texts
    weight: float


class CounterInfo(View, kw_only=True, frozen=True, omit_defaults=True):
    """A configured counter and its state, as a welcome snapshot lists it."""

    id: str
    name: str
    services: list[str]
    status: CounterStatus
    clerk: str | None
    ticket: str | None
    served_today: int
    # The pause reason while it is paused (absent otherwise, and from older servers): the
    # manager's floor shows why a counter it finds paused is.
    reason: str = ""
    # When the pause began, while it is paused (absent otherwise, and from older servers):
    # the manager's floor shows how long a counter it finds paused has been.
    paused_at: str | None = None
    # While paused: when the clerk said they would be back (absent: not said): the window
    # display above the counter shows it.
    back_at: str | None = None


class CallEntry(View, kw_only=True, frozen=True, omit_defaults=True):
    """One of the recent calls of a welcome snapshot (newest first)."""

    ticket: str
    counter: str
    counter_name: str
    at: Time
    appointment: bool = False
    # The called ticket's service: a zone display lists only its services' calls. Absent
    # from older servers.
    service: str = ""


class InstitutionInfo(View, kw_only=True, frozen=True):
    """A configured institution, in the config's order (the kiosk groups services so)."""

    id: str
    name: Texts


class CentreInfo(View, kw_only=True, frozen=True):
    name: Texts
    timezone: str


class DisplaySettings(View, kw_only=True, frozen=True, omit_defaults=True):
    """The config's `[display]` table (the scrolling notice, how many earlier calls) and this
    display device's own part (`[[devices]]`): the services of its zone, or its counter."""

    notice: Texts | None
    history: int
    # A zone display: only these services' calls and queues (absent: all of them).
    services: list[str] = []
    # A window display: the counter it hangs over (absent: a waiting-room display).
    counter: str | None = None


class PrinterState(View, kw_only=True, frozen=True):
    """A kiosk's ticket printer as the kiosk last reported it."""

    kiosk: str
    status: PrinterHealth
    detail: str
    at: Time


class RemoteStatus(View, kw_only=True, frozen=True):
    """A ticket joined from home, as its phone page shows it (server/net/remote_page.py)."""

    # Checked in at a kiosk (false: "not here yet").
    here: bool
    # The check-in code for the kiosk (6 characters).
    code: str
    # Not here, waiting, and the expected wait is at most `[remote] come_before_min`.
    come: bool
    # Not here and waiting, not "come" yet: minutes until the visitor should set off.
    set_off_min: int | None
    # Passed over while not here: checking in is still possible until `lapses_at`.
    passed: bool
    lapses_at: Time | None


class PhoneStatus(View, kw_only=True, frozen=True, omit_defaults=True):
    """What the visitor's phone page shows of its ticket (also `GET /t/<token>.json`)."""

    number: str
    service: str
    status: TicketStatus
    ahead: int | None
    # The ticket's expected wait as shown (server/protocol/waits.py); only while waiting.
    wait: WaitBand | None
    counter: str | None
    # Only for a ticket joined from home (absent for every other ticket).
    remote: RemoteStatus | None = None


class IssuedTicket(View, kw_only=True, frozen=True, omit_defaults=True):
    """The kiosk's own new ticket: the only frame that carries the phone link (a secret)."""

    number: str
    service: str
    priority: str | None
    issued_at: Time
    position: int
    ahead: int
    estimated_wait_s: int
    status_url: str
    # An appointment's ticket: the time it was booked for (None: a walk-in).
    booked_for: Time | None = None
    # A ticket joined from home, just checked in at this kiosk (absent: false).
    remote: bool = False


class ClerkInfo(View, kw_only=True, frozen=True):
    id: str
    name: str


# What a booking is now, as staff see it: "late" = not checked in, its time has come and its
# grace window not ended; "lapsed" = never checked in (a no-show, its place freed); then the
# ticket's path once checked in.
BookingState = Literal[
    "booked", "late", "lapsed", "cancelled", "waiting", "called", "served", "no_show"
]


class SlotView(View, kw_only=True, frozen=True):
    """A slot with room: its start and how many places are free."""

    start: Time
    free: int


class BookingView(View, kw_only=True, frozen=True):
    """A booking. `name` and `contact` are filled only in the replies to staff (`book`,
    `bookings`); events and every visitor-facing page leave them empty."""

    code: str
    service: str
    start: Time
    state: BookingState
    ticket: str | None
    # The visitor's own page: time, service, code, a QR of the code, .ics, cancel.
    link: str
    name: str = ""
    contact: str = ""


class CounterName(View, kw_only=True, frozen=True):
    """A counter as visitors know it: its id and the name on its sign."""

    id: str
    name: str


class ReasonInfo(View, kw_only=True, frozen=True):
    """A reason a visitor may give with a rating: its id (sent back in `rate`) and names."""

    id: str
    name: Texts


class FeedbackSettings(View, kw_only=True, frozen=True):
    """The config's `[feedback]` table as a feedback tablet needs it."""

    # The reasons in the order they are offered.
    reasons: list[ReasonInfo]
    # A rating counts for the visit last finished at the tablet's counter this recently.
    tablet_window_min: int
