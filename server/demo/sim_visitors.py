"""The simulated visitors: they come to the simulator's own kiosk and take a ticket each."""

from __future__ import annotations

import logging
import urllib.parse

from server.demo.sim_links import Link
from server.demo.sim_shared import Shared
from server.protocol import messages as m
from server.protocol.errors import RequestError

log = logging.getLogger("rinda.simulator")


class Visitors:
    def __init__(self, kiosk: Link, shared: Shared) -> None:
        self.kiosk = kiosk
        self.shared = shared

    async def run(self) -> None:
        sh, kiosk = self.shared, self.kiosk
        await kiosk.welcomed.wait()
        arrivals = sh.pace.arrivals
        while True:
            await sh.clock.nap(arrivals.gap(sh.rng))
            if sum(kiosk.waiting.values()) >= sh.pace.max_waiting:
                log.debug("kiosk: a visitor sees the queue and leaves")
                continue
            service = self.choose_service()
            if service is None:
                kiosk.news.clear()
                await sh.clock.until(kiosk.news, sh.pace.idle_s)
                continue
            await self.visit(service)

    def choose_service(self) -> str | None:
        """An issuing service, weighted by how many counters staffed by simulated clerks serve
        it: every service gets visitors in proportion to the clerks there to serve them, so
        no queue only grows (`Pace.visitor_every_s` says why the clerks keep up). A
        simulation without clerks (visitors for counters staffed by others) weights by every
        counter serving it."""
        staffed = self.shared.staffed
        open_ = [s for s, issuing in self.kiosk.services.items() if issuing]
        weights = [
            len(staffed.intersection(counters) if staffed else counters)
            for counters in (self.kiosk.served_by.get(s, []) for s in open_)
        ]
        if not open_ or not any(weights):
            return None
        return self.shared.rng.choices(open_, weights)[0]

    async def visit(self, service: str) -> None:
        sh, kiosk = self.shared, self.kiosk
        priority = None
        if kiosk.priorities and sh.rng.random() < sh.pace.priority_share:
            priority = sh.rng.choice(kiosk.priorities)
        langs, weights = zip(*sh.pace.languages, strict=True)
        lang = sh.rng.choices(langs, weights)[0]
        rid = sh.requests.new_id("take_ticket")
        req = m.TakeTicket(id=rid, service=service, priority=priority, lang=lang)
        try:
            reply = await sh.requests.ask(kiosk, req)
        except RequestError as e:
            if e.code == "service_closed":
                kiosk.services[service] = False  # until a queue event says otherwise
            return  # the visitor goes home
        number = reply.ticket.number
        sh.records.status_paths[number] = urllib.parse.urlsplit(reply.ticket.status_url).path
        sh.records.acknowledged.append(number)
        sh.records.note()
        log.debug("kiosk: took %s for %s", number, service)
