"""The whole way of a reminder: a visitor joins on /join with a phone number, and the
municipality's gateway (a stand-in on 127.0.0.1) is sent "your turn is near" for that ticket;
one who joined without a contact is sent nothing."""

from __future__ import annotations

from pathlib import Path

from server.store.personal import personal_of
from tests.conftest import Clock
from tests.remote.conftest import serving, token_of
from tests.server.gateway import gateway


async def test_a_visitor_who_left_a_number_on_join_hears_when_the_turn_is_near(
    db_path: Path, clock: Clock
) -> None:
    async with gateway() as gw, serving(db_path, clock, notify_url=gw.url) as web:
        silent = await web.join(service="social")
        assert silent.status == 303
        told = await web.join(lang="ru", service="social", contact="2000 0000")
        assert told.status == 303
        # Nobody ahead but the first: the turn is near at once, by the next queue round.
        message = await gw.next()
        (first, mine) = sorted(web.tickets().values(), key=lambda t: t.number)
        assert mine.token == token_of(told.headers["location"])
        assert (message["ticket"], message["to"], message["channel"], message["lang"]) == (
            mine.number,
            "+37120000000",
            "sms",
            "ru",
        )
        # The first left nothing: nothing of it is kept, so nothing can be sent for it.
        store = web.running.server.store
        assert await personal_of(store, [f"t:{first.token}"]) == {}
        assert gw.received.empty()
