"""`rinda demo` books a few visitors into its next slots, so a newcomer has codes to check in
at the kiosk; one of them checks in and gets an appointment ticket for its booked time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from server.core.booking import CODE_ALPHABET, CODE_LENGTH
from server.demo.bookings import VISITORS, book_demo_visitors
from server.protocol import messages as m
from server.protocol.client import Client
from tests.demo.demo_server import demo_server

RIGA = ZoneInfo("Europe/Riga")
# A Sunday evening: the real centre takes no bookings then; the demo books around the clock.
SUNDAY_EVENING = datetime(2026, 11, 29, 19, 5, tzinfo=UTC)


async def test_the_demo_books_its_visitors_and_one_checks_in(tmp_path: Path) -> None:
    async with demo_server(tmp_path, lambda: SUNDAY_EVENING) as (centre, _running):
        booked = await book_demo_visitors(centre, RIGA)
        assert [b.service for b in booked] == [service for service, _ in VISITORS]
        for b in booked:
            assert len(b.code) == CODE_LENGTH and set(b.code) <= set(CODE_ALPHABET)
            # The next free slots: within the hour after "now".
            assert 0 < (b.start - SUNDAY_EVENING).total_seconds() <= 3600
        # The two migration visitors did not get the same single-place slot.
        assert booked[0].start != booked[2].start
        hello = m.Hello(protocol=m.PROTOCOL, role="kiosk", token=centre.tokens["kiosk-sim"])
        async with Client(centre.url, hello) as kiosk:
            code = booked[0].code.lower()
            reply = await kiosk.request(m.CheckIn(id=kiosk.new_id(), code=code))
        assert reply.ticket.service == "migration"
        assert reply.ticket.booked_for is not None
        booked_for = datetime.fromisoformat(reply.ticket.booked_for)
        assert booked_for == booked[0].start
        assert str(booked[0]) == f"{booked[0].code} ({booked[0].start:%H:%M})"
