""" "Your turn is near" through a stand-in gateway (server/net/notifier.py): one message to a
visitor who joined from home with a contact, when the expected wait falls to
`notify_before_min` or the turn is passed over; none to one without a contact, none at all
without `notify_url`; a gateway that hangs or fails never holds up the queue; a restart
sends nothing twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from server.config import loads
from server.store.notified import not_yet_notified
from tests.conftest import Clock, centre_toml
from tests.server.gateway import Answer, gateway, join, notifier_log, remote_toml
from tests.server.harness import Peer, Running, device, start_server

PHONE = "+371 2000 0000"
EMAIL = "Anna@Pasts.LV"


async def waiting_now(display: Peer, service: str, count: int) -> None:
    """Until the `queue` round that counts `count` waiting: the notifier looked at it."""
    while (await display.event("queue"))["services"][service]["waiting"] != count:
        pass


async def round_after(display: Peer, running: Running) -> None:
    """Until the `queue` round that shows what was just done (who waits for "social")."""
    tickets = running.server.owner.centre.state.tickets.values()
    # Passed-over tickets still wait (for their check-in): the round counts them.
    count = sum(t.service == "social" and t.status == "waiting" for t in tickets)
    await waiting_now(display, "social", count)


def wait_of(running: Running, number: str) -> int:
    return running.server.owner.waits.tickets[number]


async def serve_next(counter: Peer) -> None:
    """Call the next visitor here (passing over one not here) and finish their visit at
    once."""
    called = (await counter.ok("call_next"))["ticket"]
    if called is not None:
        await counter.ok("finish", ticket=called["number"])


async def test_a_visitor_hears_once_when_the_turn_is_near_and_nobody_else_does(
    db_path: Path, clock: Clock
) -> None:
    async with gateway() as gw:
        config = loads(centre_toml() + remote_toml(gw.url, before_min=15))
        async with (
            start_server(config, db_path, clock) as running,
            device(running, "k1") as kiosk,
            device(running, "d1") as display,
            device(running, "c2") as counter,
        ):
            running.use_estimator("naive")
            for _ in range(4):
                await kiosk.ok("take_ticket", service="social")
            mine = await join(running, "RMT234", PHONE, lang="lv")
            other = await join(running, "RMT235")
            await waiting_now(display, "social", 6)
            # Still far: nothing sent yet, the ticket is watched; one without a contact is not.
            assert wait_of(running, mine) > 15 * 60
            assert gw.received.empty()
            notifier = running.server.notifier
            assert notifier is not None and list(notifier.watching) == [mine]

            while wait_of(running, mine) > 15 * 60:
                await serve_next(counter)
                await round_after(display, running)
            message = await gw.next()
            assert message == {
                "to": "+37120000000",
                "channel": "sms",
                "lang": "lv",
                "text": message["text"],
                "centre": config.centre_id,
                "ticket": mine,
                "kind": "near",
            }
            # An SMS has no subject (the dict above has no such key): short, the short name first.
            assert message["text"].startswith(f"Testa centrs: Biļete {mine}: kārta pēc")
            assert mine in message["text"] and "RMT 234" in message["text"]
            assert "http://rinda.test/t/" in message["text"]

            # Its turn comes while it is not here: passed over, but it heard already.
            tickets = running.server.owner.centre.state.tickets
            while not tickets[other].set_aside:
                await serve_next(counter)
            assert tickets[mine].set_aside
            await round_after(display, running)
            late = await join(running, "RMT236", EMAIL, lang="en")
            message = await gw.next()
            # The next message is the newcomer's: nothing again for the first, nothing for
            # the one without a contact.
            assert (message["ticket"], message["channel"], message["to"]) == (
                late,
                "email",
                "Anna@pasts.lv",
            )
            assert message["text"].startswith("Test centre: your turn is near")
            assert message["subject"] == f"Test centre: your turn is near (ticket {late})"


async def test_a_visitor_passed_over_first_hears_to_check_in_before_the_place_lapses(
    db_path: Path, clock: Clock
) -> None:
    async with gateway() as gw:
        config = loads(centre_toml() + remote_toml(gw.url, before_min=1))
        async with (
            start_server(config, db_path, clock) as running,
            device(running, "k1") as kiosk,
            device(running, "d1") as display,
            device(running, "c1") as one,
            device(running, "c2") as two,
        ):
            # It counts the time left of a visit being served (naive does not).
            running.use_estimator("forward")
            await kiosk.ok("take_ticket", service="social")
            mine = await join(running, "RMT234", PHONE, lang="en")
            assert (await two.ok("call_next"))["ticket"]["number"] != mine
            await round_after(display, running)
            # Counter 2 is busy with the visitor ahead: more than a minute to go.
            assert wait_of(running, mine) > 60 and gw.received.empty()
            # Counter 1 opens and would call it: it is not here, so it is passed over.
            assert (await one.ok("call_next"))["ticket"] is None
            message = await gw.next()
            assert (message["ticket"], message["kind"], message["lang"]) == (mine, "passed", "en")
            # 09:00 UTC is 11:00 in Riga; the place is kept for grace_min (15).
            assert "Check in at the kiosk with code RMT 234 by 11:15" in message["text"]


async def notified_mark(running: Running, number: str) -> str | None:
    token = running.server.owner.centre.state.tickets[number].token
    rows = await running.server.store.fetch_rows(
        "SELECT notified FROM personal WHERE booking = ?", (f"t:{token}",)
    )
    (mark,) = rows[0]
    return None if mark is None else str(mark)


async def test_nothing_is_sent_anywhere_without_a_gateway(db_path: Path, clock: Clock) -> None:
    config = loads(centre_toml() + remote_toml(""))
    async with start_server(config, db_path, clock) as running, device(running, "d1") as display:
        mine = await join(running, "RMT234", PHONE)
        await waiting_now(display, "social", 1)
        # Its turn is right away, it left a number, and yet: no notifier, nothing marked.
        assert wait_of(running, mine) <= 15 * 60
        assert running.server.notifier is None
        assert await notified_mark(running, mine) is None


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("hang", "the gateway did not answer within 2 s"),
        ("fail", "the gateway answered HTTP 500"),
        # The contact goes to the configured address only: a redirect is not followed.
        ("redirect", "the gateway answered HTTP 307"),
    ],
)
async def test_a_gateway_that_hangs_or_fails_holds_up_nothing(
    db_path: Path, clock: Clock, answer: Answer, why: str
) -> None:
    async with gateway(answer) as gw:
        config = loads(centre_toml() + remote_toml(gw.url))
        async with (
            start_server(config, db_path, clock) as running,
            device(running, "k1") as kiosk,
            device(running, "c2") as counter,
        ):
            notifier = running.server.notifier
            assert notifier is not None
            notifier.timeout_s = 2.0
            with notifier_log() as log:
                first = await join(running, "RMT234", PHONE)
                assert (await gw.next())["ticket"] == first
                # The gateway holds the first message (or failed it): tickets, calls and the
                # next visitor's message go on meanwhile.
                await kiosk.ok("take_ticket", service="social")
                await counter.ok("call_next")
                second = await join(running, "RMT235", EMAIL)
                assert (await gw.next())["ticket"] == second
                if answer == "hang":
                    # All of that took far less than the gateway's time to give up.
                    assert log.queue.empty(), log.all
                line = await asyncio.wait_for(log.queue.get(), 10)
                assert line == f"ticket {first}: the near message was not sent: {why}"
                assert (await asyncio.wait_for(log.queue.get(), 10)).startswith(f"ticket {second}")
            # One try each, never retried, and the contact in no line.
            assert gw.received.empty()
            assert not any("0000" in x or "@" in x for x in log.all), log.all
            assert await notified_mark(running, first) is not None
            metrics = running.server.owner.stats.registry
            assert metrics.get_sample_value("rinda_messages_total", {"result": "failed"}) == 2
            assert metrics.get_sample_value("rinda_messages_total", {"result": "sent"}) == 0


async def test_a_restart_sends_nothing_twice_and_forgets_nobody(
    db_path: Path, clock: Clock
) -> None:
    async with gateway() as gw:
        config = loads(centre_toml() + remote_toml(gw.url, before_min=15))
        async with start_server(config, db_path, clock) as running:
            running.use_estimator("naive")
            near = await join(running, "RMT234", PHONE)
            assert (await gw.next())["ticket"] == near
            async with device(running, "k1") as kiosk:
                for _ in range(4):
                    await kiosk.ok("take_ticket", service="social")
            far = await join(running, "RMT235", EMAIL)
            day = running.server.owner.centre.state.day
            assert day is not None
            unsent = await not_yet_notified(running.server.store, day.isoformat())
            assert unsent == [running.server.owner.centre.state.tickets[far].token]
        async with (
            start_server(config, db_path, clock) as running,
            device(running, "c2") as counter,
            device(running, "d1") as display,
        ):
            running.use_estimator("naive")
            notifier = running.server.notifier
            assert notifier is not None and list(notifier.watching) == [far]
            while wait_of(running, far) > 15 * 60:
                await serve_next(counter)
                await round_after(display, running)
            # The far one hears now; the near one, told before the restart, not again.
            assert (await gw.next())["ticket"] == far
            assert gw.received.empty()
