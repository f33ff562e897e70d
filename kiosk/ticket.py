"""The printed ticket as a list of print operations: a pure function of the server's ticket,
the visitor's language and the centre's names (no printer, no clock, no I/O).

`kiosk.render` turns the operations into ESC/POS bytes for a printer profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from kiosk.words import clock_time, wait_text
from server.i18n import Catalog
from server.protocol.views import IssuedTicket


@dataclass(frozen=True)
class Line:
    text: str
    size: Literal["normal", "double"] = "normal"
    align: Literal["left", "center"] = "center"
    bold: bool = False


@dataclass(frozen=True)
class QR:
    data: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Op = Line | QR | Feed | Cut


def local_time(issued_at: str, timezone: str) -> str:
    """The centre's local date and time as Latvians write it ("25.11.2026 11:00")."""
    at = datetime.fromisoformat(issued_at.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone))
    return at.strftime("%d.%m.%Y %H:%M")


def layout(
    ticket: IssuedTicket,
    lang: str,
    centre_name: dict[str, str],
    service_name: dict[str, str],
    timezone: str,
    catalog: Catalog,
) -> list[Op]:
    t = catalog.t
    # An appointment's ticket says so under the number, with its booked time; one joined
    # from home that checked in here, with the time it joined (it queues from then).
    booked: list[Op] = []
    if ticket.booked_for:
        at = clock_time(ticket.booked_for, timezone)
        booked.append(Line(t(lang, "print.appointment", time=at), bold=True))
    elif ticket.remote:
        at = clock_time(ticket.issued_at, timezone)
        booked.append(Line(t(lang, "print.remote", time=at), bold=True))
    return [
        Line(centre_name.get(lang) or centre_name["lv"], bold=True),
        Line(service_name.get(lang) or service_name["lv"]),
        Feed(),
        Line(ticket.number, size="double", bold=True),
        *booked,
        Feed(),
        Line(local_time(ticket.issued_at, timezone)),
        Line(t(lang, "print.ahead", n=ticket.ahead)),
        Line(wait_text(catalog, lang, ticket.estimated_wait_s)),
        Feed(),
        Line(t(lang, "print.scan")),
        QR(ticket.status_url),
        Line(t(lang, "print.footer")),
        Feed(2),
        Cut(),
    ]
