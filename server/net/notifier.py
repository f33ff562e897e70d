""" "Your turn is near" by SMS or e-mail, through the municipality's own gateway
(`[remote] notify_url`, docs/remote-notify.md). Without a `notify_url` there is no notifier
and nothing is ever sent anywhere.

A visitor who joined the queue from home may leave a phone number or e-mail; it is stored
apart from the log under "t:" + the ticket's link token (server/store/apart.py). The
notifier watches those tickets (learnt from the owner's commits, and from the store after a
start) and, after each queue round of the owner, picks the ones whose expected wait fell to
`notify_before_min` or whose turn was passed over while they were not here. Each gets ONE
message: a JSON POST to the gateway, marked sent in the store first
(server/store/notified.py), so a restart never sends a second.

Nothing here may hold up a ticket: the owner only calls `committed` and `round`, which look
at memory and start tasks; reading the contact, marking it and the POST run in those tasks,
at most CONCURRENT at a time, each POST bounded by `timeout_s` and never retried. A failure
is one log line naming the ticket and the reason, never the contact or the gateway's URL
(which may carry the gateway's key).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeGuard

import msgspec
from prometheus_client import CollectorRegistry, Counter

from server.config import CentreConfig
from server.core import events as ev
from server.core import remote
from server.core.centre import Centre
from server.core.estimate import Waits
from server.core.model import Ticket
from server.net.contact import Channel, read_contact
from server.net.notify_text import Kind, kind_of, lang_of, message_of
from server.store.apart import PersonalRow
from server.store.errors import StoreError
from server.store.events import EventStore
from server.store.notified import claim, not_yet_notified, ticket_key

if TYPE_CHECKING:
    import aiohttp

    from server.net.owner import Owner

log = logging.getLogger("rinda.notify")

# A gateway that does not answer within this long is given up on: the visitor's phone page
# says the same, and a message much later than its moment is of no use.
TIMEOUT_S = 10.0
# Messages on their way at once; the others wait for a place, never the owner.
CONCURRENT = 4


class Message(msgspec.Struct, frozen=True, omit_defaults=True):
    """What the gateway receives (docs/remote-notify.md)."""

    to: str
    channel: Channel
    lang: str
    text: str
    centre: str
    ticket: str
    kind: Kind
    # An e-mail's subject line; no such field in an SMS's.
    subject: str | None = None


def still_away(t: Ticket | None, token: str) -> TypeGuard[Ticket]:
    """Whether `t` is still the watched ticket, waiting and not checked in."""
    return t is not None and t.token == token and remote.away(t)


class Notifier:
    def __init__(
        self,
        config: CentreConfig,
        store: EventStore,
        centre: Callable[[], Centre],
        clock: Callable[[], datetime],
        registry: CollectorRegistry,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        self.config, self.store, self.centre, self.clock = config, store, centre, clock
        self.timeout_s = timeout_s
        # For GET /metrics: a monitor can alert on failed messages (a gateway down).
        self.messages = Counter(
            "rinda_messages",
            "Messages to the gateway (turn near, turn passed) since the server started, "
            "by result (sent, failed).",
            ["result"],
            registry=registry,
        )
        for result in ("sent", "failed"):
            self.messages.labels(result=result)
        # Ticket number -> link token of today's remote tickets with a contact and no
        # message yet (no contact is ever held here).
        self.watching: dict[str, str] = {}
        self._slots = asyncio.Semaphore(CONCURRENT)
        self._sending: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    async def load(self) -> None:
        """After a start: watch today's tickets that have a contact and no message yet."""
        state = self.centre().state
        if state.day is None:
            return
        tokens = set(await not_yet_notified(self.store, state.day.isoformat()))
        self.watching = {t.number: t.token for t in state.tickets.values() if t.token in tokens}

    def committed(self, events: Sequence[ev.AnyEvent], personal: Sequence[PersonalRow]) -> None:
        """After a commit: a remote ticket just taken with a contact is watched."""
        keys = {row[0] for row in personal if row[3]}
        for e in events:
            if isinstance(e, ev.TicketTaken) and e.remote and ticket_key(e.token) in keys:
                self.watching[e.ticket] = e.token

    def round(self, centre: Centre, waits: Waits) -> None:
        """After each queue round: the message of every watched ticket whose turn is near
        (or was passed over) goes out; tickets checked in or ended meanwhile get none."""
        near_s = self.config.remote.notify_before_min * 60
        for number, token in list(self.watching.items()):
            t = centre.state.tickets.get(number)
            if not still_away(t, token):
                del self.watching[number]
                continue
            wait = waits.tickets.get(number)
            if t.set_aside or (wait is not None and wait <= near_s):
                del self.watching[number]
                task = asyncio.create_task(self._deliver(number, token, wait or 0))
                self._sending.add(task)
                task.add_done_callback(self._sending.discard)

    async def _deliver(self, number: str, token: str, wait_s: int) -> None:
        async with self._slots:
            t = self.centre().state.tickets.get(number)
            if not still_away(t, token):
                return  # checked in (or ended) while waiting for a place
            try:
                address = await claim(self.store, token, self.clock())
            except StoreError as e:
                log.warning("ticket %s: no message sent, it could not be marked: %s", number, e)
                return
            if address is None:
                return  # sent before, or its contact was purged
            contact = read_contact(address)
            if contact is None:
                log.warning(
                    "ticket %s: no message sent: its contact is neither a mobile number "
                    "nor an e-mail address", number,
                )  # fmt: skip
                return
            words = message_of(self.config, t, wait_s, contact.channel)
            message = Message(
                to=contact.address,
                channel=contact.channel,
                lang=lang_of(t),
                text=words.text,
                centre=self.config.centre_id,
                ticket=number,
                kind=kind_of(t),
                subject=words.subject,
            )
            failure = await self._post(msgspec.json.encode(message))
        self.messages.labels(result="sent" if failure is None else "failed").inc()
        if failure is None:
            log.info(
                "ticket %s: the %s message went out by %s", number, message.kind, message.channel
            )
        else:
            log.warning("ticket %s: the %s message was not sent: %s", number, message.kind, failure)

    async def _post(self, body: bytes) -> str | None:
        """POST one message; why it failed, or None."""
        # Loaded with the first message: most centres configure no gateway.
        import aiohttp

        if self._session is None:
            timeout = aiohttp.ClientTimeout(total=self.timeout_s)
            self._session = aiohttp.ClientSession(timeout=timeout)
        try:
            async with self._session.post(
                self.config.remote.notify_url,
                data=body,
                headers={"Content-Type": "application/json"},
                # The contact goes to the configured gateway and nowhere else.
                allow_redirects=False,
            ) as answer:
                if 200 <= answer.status < 300:
                    return None
                return f"the gateway answered HTTP {answer.status}"
        except TimeoutError:
            return f"the gateway did not answer within {self.timeout_s:g} s"
        except aiohttp.ClientError as e:
            return f"the gateway could not be reached ({type(e).__name__})"

    async def close(self) -> None:
        """Give up on the messages still on their way (each is marked sent already)."""
        for task in list(self._sending):
            task.cancel()
        await asyncio.gather(*self._sending, return_exceptions=True)
        if self._session is not None:
            await self._session.close()


async def notifier_for(config: CentreConfig, owner: Owner) -> Notifier | None:
    """The owner's notifier when the centre configured a gateway; None (nothing is ever
    sent) when it did not."""
    if not config.remote.notify_url:
        return None
    registry = owner.stats.registry
    notifier = Notifier(config, owner.store, lambda: owner.centre, owner.clock, registry)
    await notifier.load()
    owner.notifier = notifier
    return notifier
