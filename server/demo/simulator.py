"""Synthetic visitors and clerks, so the demo centre's screens move by themselves.

`Simulator` plays one kiosk (visitors taking tickets) and any number of counters (clerks
calling, greeting, serving and finishing them) against a running server, ONLY over the wire,
each device through the project's reconnecting `Client`. `rinda demo --simulate` runs it
beside the real apps (the human keeps counter "1"); the fault drill SIGKILLs the server under
it and then checks that every ticket it was told about is still there: `checks.server_tickets()`
(a manager's snapshot) or `Simulator.missing_on_server()` (each ticket's own status link).

This module wires the parts together: `sim_visitors.py` (the kiosk's visitors),
`sim_clerks.py` (a clerk at a counter), `sim_links.py` (what each device mirrors of the
server), `sim_requests.py` (ids and re-sends), `sim_records.py` (what the simulation did) and
`sim_clock.py` (how its time passes).

Choices worth knowing:

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
- **Time passes on the simulator's clock** (`sim_clock.py`): pacing naps and fallback
  waits alike, each in simulated seconds; the demo's clock divides them by `Pace.speed`, a
  test's may jump. Waiting for work is waiting for a `queue` event (with a fallback that
  never polls faster than twice a second in real time, since every answered `call_next` is
  stored by the server). The kiosk's rate limit refills in real time, so `rate_limited`
  waits real seconds whatever the clock.
- **The clerks keep up**: visitors choose among the services the simulated clerks serve, in
  proportion to the clerks serving each (`sim_visitors.py`), and `Pace` keeps the visitors
  well below what the clerks can serve, so every queue comes and goes instead of growing.
- **Refusals are logged (INFO) and handled**: `rate_limited` waits and retries; `service_closed`
  sends the visitor home and skips the service until a `queue` event says it issues again;
  `centre_closed` rests; `counter_paused` resumes; `counter_closed` signs in again (or rests,
  without credentials). A hello refused as `unauthorized` / `forbidden` (a bad token) ends
  `run()` with `ClientRefused`: that is a configuration error, not an outage.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping

from server.demo.checks import missing_links
from server.demo.pace import Pace
from server.demo.sim_clerks import Clerk
from server.demo.sim_clock import PacedClock, SimClock
from server.demo.sim_links import Desk, Link
from server.demo.sim_records import Records
from server.demo.sim_requests import Requests
from server.demo.sim_shared import Shared
from server.demo.sim_visitors import Visitors
from server.protocol import messages as m
from server.protocol.client import Client
from server.protocol.errors import ClientRefused

__all__ = ["Pace", "Simulator"]

log = logging.getLogger("rinda.simulator")


class Simulator(Records):
    """Synthetic visitors at one kiosk and clerks at the given counters; see the module doc.

    `counter_tokens` maps each counter to staff (never the human's) to its device token;
    `clerks` optionally maps a counter to the (clerk id, PIN) it signs in with. A kiosk token
    of None simulates no visitors (counters only serve who is waiting). `clock` lets simulated
    time pass (default: real time at `pace.speed`). `run()` may be called once; cancelling it
    closes every link. What it did is in its `Records`.
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
        clock: SimClock | None = None,
        request_timeout: float = 10.0,
    ) -> None:
        super().__init__()
        clerks = dict(clerks or {})
        if unknown := set(clerks) - set(counter_tokens):
            raise ValueError(f"clerks for counters not staffed: {sorted(unknown)}")
        self.url = url
        self.pace = pace or Pace()
        shared = Shared(
            records=self,
            requests=Requests(self),
            clock=clock or PacedClock(self.pace.speed),
            rng=rng or random.Random(),
            pace=self.pace,
            staffed=frozenset(counter_tokens),
        )
        self._started = False
        self._tg: asyncio.TaskGroup | None = None
        self._kiosk: Link | None = None
        self._visitors: Visitors | None = None
        if kiosk_token is not None:
            hello = m.Hello(protocol=m.PROTOCOL, role="kiosk", token=kiosk_token)
            self._kiosk = self._link("kiosk", hello, request_timeout)
            self._visitors = Visitors(self._kiosk, shared)
        self._clerks: list[Clerk] = []
        for cid, token in counter_tokens.items():
            hello = m.Hello(protocol=m.PROTOCOL, role="counter", token=token, counter=cid)
            link = self._link(f"counter {cid}", hello, request_timeout)
            clerk = Clerk(Desk(cid, link, clerks.get(cid)), shared, self._connect)
            link.client.on_welcome = clerk.welcome
            link.client.on_event = clerk.desk.apply
            self._clerks.append(clerk)

    async def run(self) -> None:
        """Simulate until cancelled. Raises `ClientRefused` if a device's hello is refused."""
        if self._started:
            raise RuntimeError("a Simulator runs once; make a new one")
        self._started = True
        links = [c.desk.link for c in self._clerks] + ([self._kiosk] if self._kiosk else [])
        try:
            async with asyncio.TaskGroup() as tg:
                self._tg = tg
                for link in links:
                    self._connect(link)
                if self._visitors is not None:
                    tg.create_task(self._visitors.run(), name="sim kiosk")
                for clerk in self._clerks:
                    tg.create_task(clerk.run(), name=f"sim counter {clerk.desk.counter}")
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
    def actors(self) -> int:
        """How many take turns on the clock: the visitors (if any) and each clerk."""
        return len(self._clerks) + (self._visitors is not None)

    @property
    def waiting(self) -> Mapping[str, int]:
        """Tickets waiting per service, as the simulated kiosk last heard (empty without)."""
        return self._kiosk.waiting if self._kiosk else {}

    async def missing_on_server(self, timeout: float = 10.0) -> list[str]:
        """The acknowledged tickets the server does not know (today), asked one by one.

        Needs no manager device: each ticket's own status link (`GET /t/<token>.json`, the
        visitor's phone page, on the same port) answers 404 for a ticket the server lacks.
        Raises `OSError` if the server cannot be reached.
        """
        scheme, rest = self.url.split("://", 1)
        base = ("https" if scheme == "wss" else "http") + "://" + rest.split("/", 1)[0]
        links = [(n, self.status_paths[n]) for n in self.acknowledged]
        return await asyncio.to_thread(missing_links, base, links, timeout)

    def _link(self, name: str, hello: m.Hello, request_timeout: float) -> Link:
        link = Link(name, Client(self.url, hello, request_timeout=request_timeout))
        link.client.on_welcome = link.read_snapshot
        link.client.on_event = link.apply
        return link

    def _connect(self, link: Link) -> None:
        assert self._tg is not None
        link.welcomed.clear()
        link.task = self._tg.create_task(link.client.run(), name=f"sim {link.name} link")
