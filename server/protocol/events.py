"""The events the server broadcasts after each commit (docs/protocol.md, section 5), and the
`status` frame a visitor's phone receives about its own ticket."""

from __future__ import annotations

from server.protocol.views import (
    BookingView,
    CounterStatus,
    PrinterHealth,
    QueueState,
    RemoteStatus,
    ServerFrame,
    TicketStatus,
    Time,
)
from server.protocol.waits import WaitBand


class Queue(ServerFrame, kw_only=True, frozen=True, tag="queue"):
    """Every service's queue, the whole state (coalesced: at most one per 0.25 s)."""

    services: dict[str, QueueState]


class Called(ServerFrame, kw_only=True, frozen=True, omit_defaults=True, tag="called"):
    ticket: str
    counter: str
    counter_name: str
    service: str
    recall: bool
    at: Time
    # The visitor has an appointment (displays mark the call).
    appointment: bool = False


class BookingChanged(ServerFrame, kw_only=True, frozen=True, tag="booking"):
    """A booking was made, moved, cancelled, checked in or missed (sent to counters and
    managers, without the visitor's name)."""

    booking: BookingView
    at: Time


class CounterChanged(ServerFrame, kw_only=True, frozen=True, omit_defaults=True, tag="counter"):
    """A counter opened, paused, resumed or closed: its whole state."""

    counter: str
    status: CounterStatus
    clerk: str | None
    ticket: str | None
    reason: str
    served_today: int
    clerk_served_today: int
    at: Time
    # Who closed it when that was not the counter itself: a manager's device (`close_counter`)
    # or "server" (after closing time). Absent otherwise.
    by: str = ""
    # While paused: when the clerk said they would be back (absent: they did not say).
    back_at: Time | None = None


class IssuingChanged(ServerFrame, kw_only=True, frozen=True, tag="issuing"):
    """A manager stopped (`stopped`: true, with `reason`) or resumed issuing for a service.
    The kiosks learn it from the `queue` event that follows."""

    service: str
    stopped: bool
    reason: str
    by: str
    at: Time


class NoticeChanged(ServerFrame, kw_only=True, frozen=True, tag="notice"):
    """A manager set (or, with "", cleared) the waiting-room displays' notice line."""

    text: str
    by: str
    at: Time


class DayStarted(ServerFrame, kw_only=True, frozen=True, tag="day"):
    day: str
    at: Time


class Taken(ServerFrame, kw_only=True, frozen=True, omit_defaults=True, tag="taken"):
    ticket: str
    service: str
    priority: str | None
    at: Time
    # Joined from home: "not here yet" until an `arrived` frame (absent for a walk-in).
    remote: bool = False


class Arrived(ServerFrame, kw_only=True, frozen=True, tag="arrived"):
    """A ticket joined from home checked in at a kiosk."""

    ticket: str
    at: Time


class Passed(ServerFrame, kw_only=True, frozen=True, tag="passed"):
    """`call_next` at `counter` passed over a remote ticket not here yet."""

    ticket: str
    counter: str
    lapses_at: Time
    at: Time


class Lapsed(ServerFrame, kw_only=True, frozen=True, tag="lapsed"):
    """A passed-over remote ticket was not checked in within the grace: a no-show."""

    ticket: str
    at: Time


class Serving(ServerFrame, kw_only=True, frozen=True, tag="serving"):
    ticket: str
    counter: str
    at: Time


class Finished(ServerFrame, kw_only=True, frozen=True, tag="finished"):
    ticket: str
    counter: str
    at: Time


class NoShow(ServerFrame, kw_only=True, frozen=True, tag="no_show"):
    ticket: str
    counter: str
    at: Time


class Cancelled(ServerFrame, kw_only=True, frozen=True, tag="cancelled"):
    ticket: str
    at: Time


class Transferred(ServerFrame, kw_only=True, frozen=True, tag="transferred"):
    ticket: str
    counter: str
    service: str
    keep_arrival: bool
    at: Time


class PrinterChanged(ServerFrame, kw_only=True, frozen=True, tag="printer"):
    kiosk: str
    status: PrinterHealth
    detail: str
    at: Time


class Status(ServerFrame, kw_only=True, frozen=True, omit_defaults=True, tag="status"):
    """A phone's own ticket changed (the fields of `views.PhoneStatus`)."""

    number: str
    service: str
    status: TicketStatus
    ahead: int | None
    wait: WaitBand | None
    counter: str | None
    remote: RemoteStatus | None = None


AnyEvent = (
    Queue
    | Called
    | CounterChanged
    | DayStarted
    | Taken
    | Serving
    | Finished
    | NoShow
    | Cancelled
    | Transferred
    | Arrived
    | Passed
    | Lapsed
    | PrinterChanged
    | BookingChanged
    | IssuingChanged
    | NoticeChanged
)
