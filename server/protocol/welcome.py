"""The `welcome` frame: everything a role needs to draw its screen from scratch.

The snapshot is tagged by `role`, so a client that decodes it gets the shape of its own role.
"""

from __future__ import annotations

import msgspec

from server.protocol.views import (
    CallEntry,
    CentreInfo,
    CounterInfo,
    CounterName,
    CounterStatus,
    DisplaySettings,
    FeedbackSettings,
    InstitutionInfo,
    PhoneStatus,
    PrinterState,
    PriorityInfo,
    ServerFrame,
    ServiceInfo,
    TicketView,
)


class Snapshot(msgspec.Struct, kw_only=True, frozen=True, tag_field="role"):
    """A welcome's snapshot; `role` says which shape."""


class CentreSnapshot(Snapshot, kw_only=True, frozen=True):
    """What every role except a phone gets."""

    protocol: int
    server_version: str
    centre: CentreInfo
    day: str | None
    services: list[ServiceInfo]
    # Absent from servers before it was added: a newer kiosk still reaches an older server.
    institutions: list[InstitutionInfo] = []
    priorities: list[PriorityInfo]
    counters: list[CounterInfo]
    calls: list[CallEntry]


class KioskSnapshot(CentreSnapshot, kw_only=True, frozen=True, tag="kiosk"):
    # Whether some service takes bookings or remote joining is on (the kiosk offers check-in).
    # Absent from servers before it was added: an older server has no bookings.
    check_in: bool = False
    # Whether visitors may join the queue from home (`[remote] enabled`): the check-in button
    # then says so too. Absent from servers before it: read as false.
    remote: bool = False


class DisplaySnapshot(CentreSnapshot, kw_only=True, frozen=True, tag="display"):
    display: DisplaySettings
    # The manager's notice line (`set_notice`), shown in place of `display.notice` while it is
    # not "". Absent from older servers.
    manager_notice: str = ""


class CounterState(
    msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True, tag_field="type", tag="counter"
):
    """This counter's own state in its snapshot: a `counter` event without `at`, plus the
    ticket at the counter now."""

    counter: str
    status: CounterStatus
    clerk: str | None
    ticket: str | None
    reason: str
    served_today: int
    clerk_served_today: int
    current: TicketView | None
    # While paused: when the clerk said they would be back (absent: not said).
    back_at: str | None = None


class CounterSnapshot(CentreSnapshot, kw_only=True, frozen=True, tag="counter"):
    counter: CounterState
    printers: list[PrinterState]
    # The remote tickets of this counter's services that are not here yet (passed over ones
    # too), in the order they joined. Absent from servers before remote joining: none.
    not_here: list[TicketView] = []


class ManagerSnapshot(CentreSnapshot, kw_only=True, frozen=True, tag="manager"):
    tickets: list[TicketView]
    printers: list[PrinterState]
    manager_notice: str = ""


class PhoneSnapshot(Snapshot, kw_only=True, frozen=True, tag="phone"):
    """A visitor's phone sees only its own ticket."""

    ticket: PhoneStatus


class FeedbackSnapshot(Snapshot, kw_only=True, frozen=True, tag="feedback"):
    """A feedback tablet: the centre's name, its counter (null: none) and the reasons."""

    protocol: int
    server_version: str
    centre: CentreInfo
    day: str | None
    counter: CounterName | None
    feedback: FeedbackSettings


AnySnapshot = (
    KioskSnapshot
    | DisplaySnapshot
    | CounterSnapshot
    | ManagerSnapshot
    | PhoneSnapshot
    | FeedbackSnapshot
)


class Welcome(ServerFrame, kw_only=True, frozen=True, tag="welcome"):
    snapshot: AnySnapshot
