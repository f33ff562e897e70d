"""Synthetic visitors and clerks, so the demo centre's screens move by themselves.

`Simulator` plays one kiosk (visitors taking tickets) and any number of counters (clerks
calling, greeting, serving and finishing them) against a running server, ONLY over the wire,
each device through the project's reconnecting `Client`. `rinda demo --simulate` runs it
beside the real apps (the human keeps counter "1"); the fault drill SIGKILLs the server under
it and then checks that every ticket it was told about is still there: `checks.server_tickets()`
(a manager's snapshot) or `Simulator.missing_on_server()` (each ticket's own status link).

Choices worth knowing (DESIGN.md asks to write them down):

- **One visitor, one ticket; nothing is ever acted on twice.** Every request gets an
  id made by the simulator (a random tag per `Simulator`, then a count), and a request that
  got no answer (`RequestTimeout`: the server was down longer than `request_timeout`), or a
  `storage_failed` / `internal_error` / `rate_limited`, is sent again with the SAME id. The
  server stores each answer with the change it made, so after a SIGKILL the re-send gets the
  first answer back: a visitor whose ticket was committed but not yet acknowledged is then
  acknowledged with that same number, not issued a second one. The tag is random, not drawn
  from the seeded `rng`: the server remembers answers for 24 h, and a demo restarted with the
  same seed must not be handed yesterday's answers.
- **Each counter keeps a mirror of its own state**: the welcome snapshot (after every
  reconnect), then the events (a counter receives every event, none missed, none twice), and
  its own replies. After a server restart a counter's current visitor therefore comes back
  from the snapshot and the clerk simply carries on with them. If the server still refuses
  what the mirror says should work (`counter_busy`, `not_your_ticket`, ...), the counter
  reconnects for a fresh snapshot instead of guessing.
- **Pacing sleeps are the only sleeps**, each divided by `Pace.speed`. Waiting for work is
  waiting for a `queue` event (with a fallback that never polls faster than twice a second,
  since every answered `call_next` is stored by the server). The kiosk's rate limit refills
  in real time, so `rate_limited` waits real seconds whatever the speed.
- **Refusals are logged (INFO) and handled**: `rate_limited` waits and retries; `service_closed`
  sends the visitor home and skips the service until a `queue` event says it issues again;
  `centre_closed` rests; `counter_paused` resumes; `counter_closed` signs in again (or rests,
  without credentials). A hello refused as `unauthorized` / `forbidden` (a bad token) ends
  `run()` with `ClientRefused`: that is a configuration error, not an outage.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import itertools
import logging
import random
import secrets
import urllib.parse
from collections.abc import Callable, Collection, Mapping
from typing import overload

from server.demo.checks import missing_links
from server.demo.pace import Pace
from server.demo.sim_links import Desk, Link
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol.client import Client
from server.protocol.errors import ClientRefused, RequestError, RequestTimeout
from server.protocol.welcome import AnySnapshot

__all__ = ["Pace", "Simulator"]

log = logging.getLogger("rinda.simulator")


RETRY_SAME_ID = frozenset({"storage_failed", "internal_error"})
"""Answers that changed nothing and are not remembered: the same id is simply sent again."""
RETRY_WAIT_S = 1.0
"""Real seconds before re-sending after `storage_failed` / `internal_error`."""
RATE_LIMIT_WAIT_S = 2.0
"""Real seconds before a rate-limited visitor tries again (one token refills per 2 s by default)."""
MIN_REST_S = 0.5
"""No fallback wait is shorter than this in real time, whatever the speed."""
OWN_RECALL_LIMIT = 2
"""Recalls per visit the simulated clerk makes at most (the server allows 3 by default)."""


class Simulator:
    """Synthetic visitors at one kiosk and clerks at the given counters; see the module doc.

    `counter_tokens` maps each counter to staff (never the human's) to its device token;
    `clerks` optionally maps a counter to the (clerk id, PIN) it signs in with. A kiosk token
    of None simulates no visitors (counters only serve who is waiting). `run()` may be
    called once; cancelling it closes every link.
    """

    def __init__(
        self,
        url: str,
        kiosk_token: str | None,
        counter_tokens: Mapping[str, str],
        *,
        clerks: Mapping[str, tuple[str, str]] | None = None,
        rng: random.Random | None = None,
        pace: Pace | None = None,
        request_timeout: float = 10.0,
    ) -> None:
        clerks = dict(clerks or {})
        if unknown := set(clerks) - set(counter_tokens):
            raise ValueError(f"clerks for counters not staffed: {sorted(unknown)}")
        self.url = url
        self.rng = rng or random.Random()
        self.pace = pace or Pace()
        self.acknowledged: list[str] = []
        """Ticket numbers the server acknowledged (ok replies), in order."""
        self.called_tickets: list[str] = []
        """Tickets called by `call_next` at the simulated counters, in order (recalls not)."""
        self.served_tickets: list[str] = []
        """Tickets finished at the simulated counters, in order."""
        self.transferred: list[str] = []
        """Tickets transferred to another service by the simulated counters, in order."""
        self.recalled = 0
        self.refusals: collections.Counter[str] = collections.Counter()
        """Error codes the server answered, by code (for logs and tests)."""
        self._links: dict[str, str] = {}  # ticket -> path of its status link
        self._tag = secrets.token_hex(4)
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._started = False
        self._tg: asyncio.TaskGroup | None = None
        self._kiosk: Link | None = None
        if kiosk_token is not None:
            hello = m.Hello(protocol=m.PROTOCOL, role="kiosk", token=kiosk_token)
            self._kiosk = self._link("kiosk", hello, request_timeout)
        self._desks: list[Desk] = []
        for cid, token in counter_tokens.items():
            hello = m.Hello(protocol=m.PROTOCOL, role="counter", token=token, counter=cid)
            link = self._link(f"counter {cid}", hello, request_timeout)
            desk = Desk(cid, link, clerks.get(cid))
            link.client.on_welcome = functools.partial(self._desk_welcome, desk)
            link.client.on_event = desk.apply
            self._desks.append(desk)

    # -- public API ---------------------------------------------------------------------

    async def run(self) -> None:
        """Simulate until cancelled. Raises `ClientRefused` if a device's hello is refused."""
        if self._started:
            raise RuntimeError("a Simulator runs once; make a new one")
        self._started = True
        links = [d.link for d in self._desks] + ([self._kiosk] if self._kiosk else [])
        try:
            async with asyncio.TaskGroup() as tg:
                self._tg = tg
                for link in links:
                    self._connect(link)
                if self._kiosk is not None:
                    tg.create_task(self._kiosk_loop(self._kiosk), name="sim kiosk")
                for desk in self._desks:
                    tg.create_task(self._desk_loop(desk), name=f"sim counter {desk.counter}")
        except BaseExceptionGroup as group:
            refused, _ = group.split(ClientRefused)
            if refused is not None:
                raise refused.exceptions[0] from None
            raise
        finally:
            self._tg = None
            for link in links:
                await link.client.close()

    @property
    def called(self) -> int:
        """How many visitors the simulated counters called (recalls not counted)."""
        return len(self.called_tickets)

    @property
    def served(self) -> int:
        """How many visits the simulated counters finished."""
        return len(self.served_tickets)

    async def wait_for(
        self, predicate: Callable[[Simulator], bool], timeout: float | None = None
    ) -> None:
        """Return once `predicate(self)` holds (checked after every change to the records)."""
        async with asyncio.timeout(timeout):
            while not predicate(self):
                await self._changed.wait()

    def missing(self, known: Collection[str]) -> list[str]:
        """The acknowledged tickets that are not in `known` (e.g. `checks.server_tickets()`).

        While the simulator runs, tickets acknowledged after `known` was fetched are of course
        not in it: stop the simulator first, or compare a copy of `acknowledged` taken before.
        """
        return [n for n in self.acknowledged if n not in known]

    async def missing_on_server(self, timeout: float = 10.0) -> list[str]:
        """The acknowledged tickets the server does not know (today), asked one by one.

        Needs no manager device: each ticket's own status link (`GET /t/<token>.json`, the
        visitor's phone page, on the same port) answers 404 for a ticket the server lacks.
        Raises `OSError` if the server cannot be reached.
        """
        scheme, rest = self.url.split("://", 1)
        base = ("https" if scheme == "wss" else "http") + "://" + rest.split("/", 1)[0]
        links = [(n, self._links[n]) for n in self.acknowledged]
        return await asyncio.to_thread(missing_links, base, links, timeout)

    # -- links --------------------------------------------------------------------------

    def _link(self, name: str, hello: m.Hello, request_timeout: float) -> Link:
        link = Link(name, Client(self.url, hello, request_timeout=request_timeout))
        link.client.on_welcome = link.read_snapshot
        link.client.on_event = link.apply
        return link

    def _connect(self, link: Link) -> None:
        assert self._tg is not None
        link.welcomed.clear()
        link.task = self._tg.create_task(link.client.run(), name=f"sim {link.name} link")

    async def _reconnect(self, desk: Desk, why: str) -> None:
        """Drop and redo the link, so the welcome snapshot replaces a mirror that drifted."""
        log.warning("%s: %s; reconnecting for a fresh snapshot", desk.link.name, why)
        await self._rest(self.pace.idle_s)
        task = desk.link.task
        if task is not None:
            task.cancel()
            await asyncio.wait({task})  # (not `await task`: that would swallow our own cancel)
        self._connect(desk.link)
        await desk.link.welcomed.wait()

    def _desk_welcome(self, desk: Desk, snap: AnySnapshot) -> None:
        desk.load(snap)
        if desk.current:
            log.info(
                "%s: carrying on with %s (%s)", desk.link.name, desk.current, desk.ticket_status
            )

    # -- requests -----------------------------------------------------------------------

    def _new_id(self, kind: str) -> str:
        return f"sim-{self._tag}-{kind}-{next(self._ids)}"

    @overload
    async def _ask(self, link: Link, req: m.TakeTicket) -> r.TicketIssued: ...
    @overload
    async def _ask(self, link: Link, req: m.TicketRequest) -> r.TicketReply: ...
    @overload
    async def _ask(self, link: Link, req: m.SignIn | m.PlainRequest) -> r.Ok: ...
    async def _ask(self, link: Link, req: m.AnyRequest) -> r.Ok:
        """One request, sent with its one id until answered; a refusal raises `RequestError`."""
        type_ = str(req.__struct_config__.tag)
        while True:
            try:
                reply = await link.client.request(req)
            except RequestTimeout:
                log.info("%s: no answer to %s yet (server away?); asking again", link.name, type_)
                continue
            except RequestError as e:
                self.refusals[e.code] += 1
                self._note()
                level = logging.DEBUG if e.code == link.last_refusal else logging.INFO
                link.last_refusal = e.code
                if e.code == "rate_limited":
                    log.log(level, "%s: %s refused: %s; waiting", link.name, type_, e)
                    await asyncio.sleep(RATE_LIMIT_WAIT_S)
                    continue
                if e.code in RETRY_SAME_ID:
                    log.warning("%s: %s failed on the server: %s; retrying", link.name, type_, e)
                    await asyncio.sleep(RETRY_WAIT_S)
                    continue
                log.log(level, "%s: %s refused: %s", link.name, type_, e)
                raise
            link.last_refusal = None
            return reply

    def _note(self) -> None:
        """Wake `wait_for()` callers: the records changed."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _nap(self, span: tuple[float, float] | float) -> None:
        """A pacing pause of simulated seconds (a number, or a uniform range)."""
        seconds = span if isinstance(span, int | float) else self.rng.uniform(*span)
        await asyncio.sleep(seconds / self.pace.speed)

    async def _rest(self, seconds: float) -> None:
        """A fallback pause: simulated seconds, but never shorter than MIN_REST_S real ones."""
        await asyncio.sleep(max(seconds / self.pace.speed, MIN_REST_S))

    async def _await_news(self, link: Link) -> None:
        """Until the next `queue` event that matters, or the idle fallback."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(self.pace.idle_s / self.pace.speed, MIN_REST_S)):
                await link.news.wait()

    # -- the kiosk ----------------------------------------------------------------------

    async def _kiosk_loop(self, kiosk: Link) -> None:
        await kiosk.welcomed.wait()
        while True:
            await self._nap(self.rng.expovariate(1.0 / self.pace.visitor_every_s))
            if sum(kiosk.waiting.values()) >= self.pace.max_waiting:
                log.debug("kiosk: a visitor sees the queue and leaves")
                continue
            service = self._choose_service(kiosk)
            if service is None:
                kiosk.news.clear()
                await self._await_news(kiosk)
                continue
            await self._visitor(kiosk, service)

    def _choose_service(self, kiosk: Link) -> str | None:
        """An issuing service, weighted by how many counters serve it."""
        open_ = [s for s, issuing in kiosk.services.items() if issuing]
        weights = [len(kiosk.served_by.get(s, [])) for s in open_]
        if not open_ or not any(weights):
            return None
        return self.rng.choices(open_, weights)[0]

    async def _visitor(self, kiosk: Link, service: str) -> None:
        priority = None
        if kiosk.priorities and self.rng.random() < self.pace.priority_share:
            priority = self.rng.choice(kiosk.priorities)
        langs, weights = zip(*self.pace.languages, strict=True)
        lang = self.rng.choices(langs, weights)[0]
        req = m.TakeTicket(
            id=self._new_id("take_ticket"), service=service, priority=priority, lang=lang
        )
        try:
            reply = await self._ask(kiosk, req)
        except RequestError as e:
            if e.code == "service_closed":
                kiosk.services[service] = False  # until a queue event says otherwise
            return  # the visitor goes home
        number = reply.ticket.number
        # The link's path holds the ticket's secret: kept for missing_on_server, never logged.
        self._links[number] = urllib.parse.urlsplit(reply.ticket.status_url).path
        self.acknowledged.append(number)
        self._note()
        log.debug("kiosk: took %s for %s", number, service)

    # -- the counters -------------------------------------------------------------------

    async def _desk_loop(self, desk: Desk) -> None:
        await desk.link.welcomed.wait()
        await self._sign_in(desk)
        while True:
            if desk.current is None:
                await self._free(desk)
            elif desk.ticket_status == "called":
                await self._greet(desk, desk.current)
            else:
                await self._serve(desk, desk.current)

    async def _sign_in(self, desk: Desk) -> None:
        if desk.clerk is None:
            return
        clerk, pin = desk.clerk
        try:
            await self._ask(desk.link, m.SignIn(id=self._new_id("sign_in"), clerk=clerk, pin=pin))
        except RequestError as e:
            if e.code == "wrong_pin":
                # Also the answer while no clerks are registered: then calls work without.
                log.warning("%s: cannot sign in as %s (wrong PIN?)", desk.link.name, clerk)
                desk.clerk = None
            elif e.code == "locked_out":
                await self._rest(60.0)
            return
        desk.status = "open"

    async def _free(self, desk: Desk) -> None:
        """No visitor at the counter: resume, take a break, or call the next one."""
        if desk.status == "paused":
            if await self._ask_quietly(desk, m.Resume):
                desk.status = "open"
            return
        if desk.status == "open" and self.rng.random() < self.pace.pause_share:
            if await self._ask_quietly(desk, m.Pause):
                desk.status = "paused"
                await self._nap(self.pace.pause_s)
            return
        if desk.idle:
            await self._await_news(desk.link)
        desk.link.news.clear()
        try:
            reply = await self._ask(desk.link, m.CallNext(id=self._new_id("call_next")))
        except RequestError as e:
            await self._call_refused(desk, e)
            return
        view = reply.ticket
        desk.idle = view is None
        if view is not None:
            desk.status = "open"
            desk.current, desk.ticket_status, desk.recalls = view.number, "called", 0
            self.called_tickets.append(desk.current)
            self._note()

    async def _call_refused(self, desk: Desk, e: RequestError) -> None:
        if e.code == "counter_paused":
            desk.status = "paused"
        elif e.code == "counter_closed" and desk.clerk is not None:
            await self._sign_in(desk)
        elif e.code == "counter_busy" and desk.current is None:
            await self._reconnect(desk, "the server says the counter has a visitor")
        else:  # centre_closed, counter_closed without credentials, ...
            await self._rest(6 * self.pace.idle_s)

    async def _greet(self, desk: Desk, number: str) -> None:
        """The called visitor walks up (or does not, and is called again); then start."""
        await self._nap(self.pace.walk_s)
        if desk.current != number:
            return
        if desk.recalls < OWN_RECALL_LIMIT and self.rng.random() < self.pace.recall_share:
            try:
                await self._ask(desk.link, m.Recall(id=self._new_id("recall"), ticket=number))
            except RequestError as e:
                desk.recalls = OWN_RECALL_LIMIT
                if e.code != "recall_limit":
                    await self._ticket_refused(desk, number, e)
                return
            desk.recalls += 1
            self.recalled += 1
            self._note()
            return
        try:
            await self._ask(desk.link, m.StartServing(id=self._new_id("start"), ticket=number))
        except RequestError as e:
            await self._ticket_refused(desk, number, e)
            return
        if desk.current == number:
            desk.ticket_status = "serving"

    async def _serve(self, desk: Desk, number: str) -> None:
        await self._nap(self.pace.service_s)
        if desk.current != number:
            return
        target = self._transfer_target(desk)
        try:
            if target is not None:
                rid = self._new_id("transfer")
                await self._ask(
                    desk.link, m.Transfer(id=rid, ticket=number, service=target, keep_arrival=True)
                )
            else:
                await self._ask(desk.link, m.Finish(id=self._new_id("finish"), ticket=number))
        except RequestError as e:
            await self._ticket_refused(desk, number, e)
            return
        if desk.current == number:
            desk.current = desk.ticket_status = None
        (self.served_tickets if target is None else self.transferred).append(number)
        self._note()

    def _transfer_target(self, desk: Desk) -> str | None:
        """Rarely, another issuing service that a simulated counter serves."""
        if self.rng.random() >= self.pace.transfer_share:
            return None
        staffed = {d.counter for d in self._desks}
        link = desk.link
        options = [
            s
            for s, issuing in link.services.items()
            if issuing
            and s not in desk.services
            and staffed.intersection(link.served_by.get(s, []))
        ]
        return self.rng.choice(options) if options else None

    async def _ticket_refused(self, desk: Desk, number: str, e: RequestError) -> None:
        """The server disagrees about the visitor at the counter: believe the server."""
        await self._reconnect(desk, f"{number} was refused ({e.code})")

    async def _ask_quietly(self, desk: Desk, kind: type[m.Pause | m.Resume]) -> bool:
        """pause / resume: True on ok; a refusal means the mirror is behind: refresh it."""
        type_ = str(kind.__struct_config__.tag)
        try:
            await self._ask(desk.link, kind(id=self._new_id(type_)))
        except RequestError as e:
            await self._reconnect(desk, f"{type_} refused ({e.code})")
            return False
        return True
