"""The tickets joined from home that are not here yet, for the counter's queue panel: which
ones, and which of them were passed over and until when they keep their place.

Pure, like counter/model.py: the welcome's `not_here` list starts it, and the `taken`
(remote), `passed`, `arrived`, `lapsed`, `called` and `cancelled` frames change it. Only the
counter's own services are kept: the panel shows nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from server.protocol import events as e
from server.protocol.server_frames import Pushed
from server.protocol.views import TicketView


@dataclass(frozen=True)
class Away:
    number: str
    service: str
    # Passed over while not here: when it lapses (the wire's time); None: its turn has not come.
    lapses_at: str | None = None


Aways = tuple[Away, ...]


def from_welcome(views: Iterable[TicketView]) -> Aways:
    return tuple(Away(t.number, t.service, t.lapses_at) for t in views if not t.here)


def after(away: Aways, frame: Pushed, mine: Iterable[str]) -> Aways:
    """The tickets not here after `frame` (the same tuple when it changes none of them)."""
    match frame:
        case e.Taken(remote=True) if frame.service in mine:
            return (*away, Away(frame.ticket, frame.service))
        case e.Passed() if holds(away, frame.ticket):
            return tuple(
                replace(a, lapses_at=frame.lapses_at) if a.number == frame.ticket else a
                for a in away
            )
        case e.Arrived() | e.Lapsed() | e.Called() | e.Cancelled() if holds(away, frame.ticket):
            return tuple(a for a in away if a.number != frame.ticket)
        case e.DayStarted():
            return ()
    return away


def holds(away: Aways, ticket: str) -> bool:
    """Whether `ticket` is among the tickets not here."""
    return any(a.number == ticket for a in away)


def of_service(away: Aways, service: str) -> list[Away]:
    return [a for a in away if a.service == service]
