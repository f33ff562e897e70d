"""A few bookings for the demo centre's next slots, so a newcomer has codes to check in at the
kiosk (the info bar lists them; the counter's booking list shows them with their visitors).

Booked the way an info desk would, over the websocket as the demo's manager device: the demo
uses no way into the centre that a real one lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from server.demo.centre import DemoCentre
from server.protocol import messages as m
from server.protocol.client import Client, RequestError

# (service, visitor): one booking each, in the service's earliest free slots.
VISITORS = (
    ("migration", "Līga Kalniņa"),
    ("land-register", "Pēteris Ozols"),
    ("migration", "Ivan Smirnov"),
)


@dataclass(frozen=True)
class DemoBooking:
    code: str
    service: str
    start: datetime  # local time of the centre

    def __str__(self) -> str:
        return f"{self.code} ({self.start:%H:%M})"


async def book_demo_visitors(centre: DemoCentre, tz: ZoneInfo) -> list[DemoBooking]:
    """Book VISITORS into the first free slots from now (today and tomorrow); the codes."""
    hello = m.Hello(protocol=m.PROTOCOL, role="manager", token=centre.tokens["manager-1"])
    made: list[DemoBooking] = []
    async with Client(centre.url, hello) as client:
        for service, name in VISITORS:
            free = await client.request(m.FreeSlots(id=client.new_id(), service=service, days=2))
            for slot in free.slots:
                start = datetime.fromisoformat(slot.start)
                try:
                    reply = await client.request(
                        m.Book(id=client.new_id(), service=service, start=start, name=name)
                    )
                except RequestError:
                    continue  # taken meanwhile (a person at the counter was quicker)
                b = reply.booking
                made.append(DemoBooking(b.code, b.service, start.astimezone(tz)))
                break
    return made
