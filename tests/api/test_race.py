"""Fifty websites racing for the last place of a slot: one wins, and only one is in the log."""

from __future__ import annotations

import asyncio

from tests.api.conftest import Api
from tests.server.harness import Running


async def test_fifty_clients_racing_for_the_last_place_get_one_booking(
    api: Api, running: Running
) -> None:
    start = await api.first_slot()
    answers = await asyncio.gather(*(api.book(start, name=f"visitor {i}") for i in range(50)))
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] + [409] * 49
    assert {a.error for a in answers if a.status == 409} == {"slot_full"}
    rows = await running.server.store.fetch_rows("SELECT data FROM events WHERE type = 'booked'")
    assert len(rows) == 1
    winner = next(a for a in answers if a.status == 201).json["booking"]["code"]
    assert winner.encode() in bytes(rows[0][0])
    personal = await running.server.store.fetch_rows("SELECT name FROM personal")
    assert len(personal) == 1
