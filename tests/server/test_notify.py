""""Your turn is near" through a stand-in gateway (server/net/notifier.py): one message to a
visitor who joined from home with a contact, when the expected wait falls to
`notify_before_min` or the turn is passed over; none to one without a contact, none at all
without `notify_url`; a gateway that hangs or fails never holds up the queue; a restart
sends nothing twice."""

from __future__ import annotations

from pathlib import Path

from server.config import loads
from server.store.notified import not_yet_notified
from tests.conftest import Clock, centre_toml
from tests.server.gateway import gateway, join, notifier_log, remote_toml
from tests.server.harness import Peer, Running, device, start_server

PHONE = "+371 2000 0000"
EMAIL = "Anna@Pasts.LV"


async def waiting_now(display: Peer, service: str, count: int) -> None:
    """Until the `queue` round that counts `count` waiting: the notifier looked at it."""
    while (await display.event("queue"))["services"][service]["waiting"] != count:
        pass


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

            waiting = 6
            while wait_of(running, mine) > 15 * 60:
                await serve_next(counter)
                waiting -= 1
                await waiting_now(display, "social", waiting)
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
            assert message["text"].startswith("Testa centrs: drīz pienāks jūsu kārta")
            assert mine in message["text"] and "RMT 234" in message["text"]
            assert "http://rinda.test/t/" in message["text"]

            # Its turn comes while it is not here: passed over, but it heard already.
            tickets = running.server.owner.centre.state.tickets
            while not tickets[other].set_aside:
                await serve_next(counter)
            assert tickets[mine].set_aside
            await waiting_now(display, "social", 0)
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
