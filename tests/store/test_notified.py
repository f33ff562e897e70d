"""The "your turn is near" mark (server/store/notified.py): set once, with the contact it is
sent to; a booking's personal row is never taken for a ticket's; purged with the contact."""

from __future__ import annotations

from datetime import UTC, date, datetime

from server.core.events import TicketTaken
from server.store.events import EventStore
from server.store.notified import claim, not_yet_notified
from server.store.personal import purge

AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def remember(store: EventStore, *rows: tuple[str, str, str, str]) -> None:
    taken = TicketTaken(
        at=AT, ticket="A001", service="a", priority=None, lang="lv", token="x", device="k"
    )
    await store.append([taken], [], at=AT, personal=rows)


async def test_a_message_is_claimed_once_and_the_mark_is_purged_with_the_contact(
    store: EventStore,
) -> None:
    await remember(
        store,
        ("t:tok-one", "2026-11-25", "", "+37120000000"),
        ("t:tok-two", "2026-11-25", "", "anna@pasts.lv"),
        ("t:tok-old", "2026-11-24", "", "+37120000001"),
        # A booking's contact is no ticket's, even for a key that looks alike.
        ("0123abcd", "2026-11-25", "Anna", "+37120000002"),
    )
    assert sorted(await not_yet_notified(store, "2026-11-25")) == ["tok-one", "tok-two"]

    assert await claim(store, "tok-one", AT) == "+37120000000"
    assert await claim(store, "tok-one", AT) is None
    assert await claim(store, "nobody", AT) is None
    assert await not_yet_notified(store, "2026-11-25") == ["tok-two"]
    (mark,) = await store.fetch_rows("SELECT notified FROM personal WHERE booking = 't:tok-one'")
    assert mark == ("2026-11-25T09:00:00.000000Z",)

    done = await purge(store, date(2026, 11, 26))
    assert done.rows == 4
    assert await store.fetch_rows("SELECT * FROM personal") == []
    assert await claim(store, "tok-two", AT) is None
