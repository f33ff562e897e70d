"""A simulated clerk at one counter: signs in, calls, greets, serves, finishes (or now and
then transfers), takes a break; believes the server whenever it disagrees."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from server.demo.sim_links import Desk, Link
from server.demo.sim_shared import Shared
from server.protocol import messages as m
from server.protocol.errors import RequestError
from server.protocol.welcome import AnySnapshot

log = logging.getLogger("rinda.simulator")

OWN_RECALL_LIMIT = 2
"""Recalls per visit the simulated clerk makes at most (the server allows 3 by default)."""


class Clerk:
    """`connect` (re)starts a link's client, for a reconnect that fetches a fresh snapshot."""

    def __init__(self, desk: Desk, shared: Shared, connect: Callable[[Link], None]) -> None:
        self.desk = desk
        self.shared = shared
        self.connect = connect

    def welcome(self, snap: AnySnapshot) -> None:
        desk = self.desk
        desk.load(snap)
        if desk.current:
            log.info(
                "%s: carrying on with %s (%s)", desk.link.name, desk.current, desk.ticket_status
            )

    async def run(self) -> None:
        desk = self.desk
        await desk.link.welcomed.wait()
        await self._sign_in()
        while True:
            if desk.current is None:
                await self._free()
            elif desk.ticket_status == "called":
                await self._greet(desk.current)
            else:
                await self._serve(desk.current)

    async def _ask(self, req: m.AnyRequest) -> None:
        await self.shared.requests.ask(self.desk.link, req)

    def _id(self, kind: str) -> str:
        return self.shared.requests.new_id(kind)

    async def _reconnect(self, why: str) -> None:
        """Drop and redo the link, so the welcome snapshot replaces a mirror that drifted."""
        link = self.desk.link
        log.warning("%s: %s; reconnecting for a fresh snapshot", link.name, why)
        await self.shared.clock.rest(self.shared.pace.idle_s)
        if link.task is not None:
            link.task.cancel()
            await asyncio.wait({link.task})  # (not `await`: that would swallow our own cancel)
        self.connect(link)
        await link.welcomed.wait()

    async def _sign_in(self) -> None:
        desk = self.desk
        if desk.clerk is None:
            return
        clerk, pin = desk.clerk
        try:
            await self._ask(m.SignIn(id=self._id("sign_in"), clerk=clerk, pin=pin))
        except RequestError as e:
            if e.code == "wrong_pin":
                # Also the answer while no clerks are registered: then calls work without.
                log.warning("%s: cannot sign in as %s (wrong PIN?)", desk.link.name, clerk)
                desk.clerk = None
            elif e.code == "locked_out":
                await self.shared.clock.rest(60.0)
            return
        desk.status = "open"

    async def _free(self) -> None:
        """No visitor at the counter: resume, take a break, or call the next one."""
        sh, desk = self.shared, self.desk
        if desk.status == "paused":
            if await self._ask_quietly(m.Resume):
                desk.status = "open"
            return
        if desk.status == "open" and sh.rng.random() < sh.pace.pause_share:
            if await self._ask_quietly(m.Pause):
                desk.status = "paused"
                await sh.clock.nap(sh.rng.uniform(*sh.pace.pause_s))
            return
        if desk.idle:
            await sh.clock.until(desk.link.news, sh.pace.idle_s)
        desk.link.news.clear()
        try:
            reply = await sh.requests.ask(desk.link, m.CallNext(id=self._id("call_next")))
        except RequestError as e:
            await self._call_refused(e)
            return
        view = reply.ticket
        desk.idle = view is None
        if view is not None:
            desk.status = "open"
            desk.current, desk.ticket_status, desk.recalls = view.number, "called", 0
            sh.records.called_tickets.append(desk.current)
            sh.records.note()

    async def _call_refused(self, e: RequestError) -> None:
        desk = self.desk
        if e.code == "counter_paused":
            desk.status = "paused"
        elif e.code == "counter_closed" and desk.clerk is not None:
            await self._sign_in()
        elif e.code == "counter_busy" and desk.current is None:
            await self._reconnect("the server says the counter has a visitor")
        else:  # centre_closed, counter_closed without credentials, ...
            await self.shared.clock.rest(6 * self.shared.pace.idle_s)

    async def _greet(self, number: str) -> None:
        """The called visitor walks up (or does not, and is called again); then start."""
        sh, desk = self.shared, self.desk
        await sh.clock.nap(sh.rng.uniform(*sh.pace.walk_s))
        if desk.current != number:
            return
        if desk.recalls < OWN_RECALL_LIMIT and sh.rng.random() < sh.pace.recall_share:
            try:
                await self._ask(m.Recall(id=self._id("recall"), ticket=number))
            except RequestError as e:
                desk.recalls = OWN_RECALL_LIMIT
                if e.code != "recall_limit":
                    await self._reconnect(f"{number} was refused ({e.code})")
                return
            desk.recalls += 1
            sh.records.recalled += 1
            sh.records.note()
            return
        try:
            await self._ask(m.StartServing(id=self._id("start"), ticket=number))
        except RequestError as e:
            await self._reconnect(f"{number} was refused ({e.code})")
            return
        if desk.current == number:
            desk.ticket_status = "serving"

    async def _serve(self, number: str) -> None:
        sh, desk = self.shared, self.desk
        await sh.clock.nap(sh.pace.visit.draw(sh.rng))
        if desk.current != number:
            return
        target = self._transfer_target()
        try:
            if target is not None:
                rid = self._id("transfer")
                await self._ask(
                    m.Transfer(id=rid, ticket=number, service=target, keep_arrival=True)
                )
            else:
                await self._ask(m.Finish(id=self._id("finish"), ticket=number))
        except RequestError as e:
            # The server disagrees about the visitor at the counter: believe the server.
            await self._reconnect(f"{number} was refused ({e.code})")
            return
        if desk.current == number:
            desk.current = desk.ticket_status = None
        records = sh.records
        (records.served_tickets if target is None else records.transferred).append(number)
        records.note()

    def _transfer_target(self) -> str | None:
        """Rarely, another issuing service that a simulated counter serves."""
        sh, link = self.shared, self.desk.link
        if sh.rng.random() >= sh.pace.transfer_share:
            return None
        options = [
            s
            for s, issuing in link.services.items()
            if issuing
            and s not in self.desk.services
            and sh.staffed.intersection(link.served_by.get(s, []))
        ]
        return sh.rng.choice(options) if options else None

    async def _ask_quietly(self, kind: type[m.Pause | m.Resume]) -> bool:
        """pause / resume: True on ok; a refusal means the mirror is behind: refresh it."""
        type_ = str(kind.__struct_config__.tag)
        try:
            await self._ask(kind(id=self._id(type_)))
        except RequestError as e:
            await self._reconnect(f"{type_} refused ({e.code})")
            return False
        return True
