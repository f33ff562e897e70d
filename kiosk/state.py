"""What the kiosk knows of the centre and of its link, made from the link's typed frames.

The one place frames become kiosk state: pure functions, no Textual, no I/O. The app keeps
their results in reactive attributes and the pages draw from those.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from server.protocol.events import Queue
from server.protocol.server_frames import Pushed
from server.protocol.views import PriorityInfo, ServiceInfo, Texts
from server.protocol.welcome import AnySnapshot, CentreSnapshot, KioskSnapshot

LinkState = Literal["starting", "online", "offline", "refused"]
""""starting" until the first answer; "refused" is final (a wrong token: an operator must act)."""
Blocked = Literal["offline", "refused", "storage"]
"""Why the kiosk cannot issue tickets now (the offline page's three wordings)."""


@dataclass(frozen=True)
class Group:
    """An institution's services, as the services page lists them under its name."""

    name: Texts | None  # None: the centre has services of one institution only, no heading
    services: tuple[ServiceInfo, ...]


@dataclass(frozen=True)
class Centre:
    """The centre as the last welcome and the queue events since describe it."""

    name: Texts
    timezone: str
    services: tuple[ServiceInfo, ...]
    institutions: tuple[tuple[str, Texts], ...]  # (id, name) in the config's order
    priorities: tuple[PriorityInfo, ...]
    check_in: bool = False  # some service takes bookings: the start page offers check-in
    remote: bool = False  # visitors may join from home: check-in takes their tickets' codes

    def service_name(self, service: str) -> Texts:
        return next((s.name for s in self.services if s.id == service), {"lv": service})


def welcomed(snapshot: AnySnapshot) -> Centre | None:
    """The centre of a welcome; None for a snapshot that is not a centre's (never sent to a
    kiosk by a correct server)."""
    if not isinstance(snapshot, CentreSnapshot):
        return None
    return Centre(
        name=snapshot.centre.name,
        timezone=snapshot.centre.timezone,
        services=tuple(snapshot.services),
        institutions=tuple((i.id, i.name) for i in snapshot.institutions),
        priorities=tuple(snapshot.priorities),
        check_in=isinstance(snapshot, KioskSnapshot) and snapshot.check_in,
        remote=isinstance(snapshot, KioskSnapshot) and snapshot.remote,
    )


def pushed(centre: Centre | None, frame: Pushed) -> Centre | None:
    """The centre after a pushed frame: kiosks are sent `queue` (and `day`, which changes
    nothing they show)."""
    if centre is None or not isinstance(frame, Queue):
        return centre
    services = tuple(
        s.with_queue(q) if (q := frame.services.get(s.id)) else s for s in centre.services
    )
    return replace(centre, services=services)


def link_state(previous: LinkState, reported: str) -> LinkState:
    """The link's state after the client reports "connecting", "online" or "offline".
    Reconnecting attempts say nothing new: the kiosk stays offline until it is back."""
    if previous == "refused":
        return previous
    if reported == "online":
        return "online"
    if reported == "offline":
        return "offline"
    return previous


def blocked(link: LinkState, storage_failed: bool) -> Blocked | None:
    """Why no ticket can be taken now, if so. A dropped link says more than a failed save
    (nothing can be sent at all), and a refusal more than a drop (it will not come back)."""
    if link == "refused":
        return "refused"
    if link == "offline":
        return "offline"
    if storage_failed:
        return "storage"
    return None


def groups(centre: Centre | None) -> tuple[Group, ...]:
    """The services grouped by institution, institutions in the config's order, services in
    theirs. Headed only when the centre has services of more than one institution (a VPVKAC
    hosts several), so a visitor looks for the office they know first. A service of an
    institution the config does not list comes after those it lists, under its id."""
    if centre is None:
        return ()
    order = [iid for iid, _ in centre.institutions]
    used = list(dict.fromkeys(s.institution for s in centre.services))
    ids = [i for i in order if i in used] + [i for i in used if i not in order]
    if len(ids) <= 1:
        return (Group(None, centre.services),) if centre.services else ()
    names = dict(centre.institutions)
    return tuple(
        Group(
            names.get(iid) or {"lv": iid},
            tuple(s for s in centre.services if s.institution == iid),
        )
        for iid in ids
    )
