"""The simulator's requests: each with an id of its own, sent again with that SAME id until
the server answers (see "One visitor, one ticket" in `simulator.py`)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
from typing import overload

from server.demo.sim_links import Link
from server.demo.sim_records import Records
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol.errors import RequestError, RequestTimeout

log = logging.getLogger("rinda.simulator")

RETRY_SAME_ID = frozenset({"storage_failed", "internal_error"})
"""Answers that changed nothing and are not remembered: the same id is simply sent again."""
RETRY_WAIT_S = 1.0
"""Real seconds before re-sending after `storage_failed` / `internal_error`."""
RATE_LIMIT_WAIT_S = 2.0
"""Real seconds before a rate-limited visitor tries again (one token refills per 2 s by default).
Real, not simulated: the server's limits refill on the wall clock."""


class Requests:
    """Request ids for one simulator, and the asking itself; refusals go into `records`."""

    def __init__(self, records: Records) -> None:
        self.records = records
        # Random, not drawn from the seeded rng: the server remembers answers for 24 h, and a
        # demo restarted with the same seed must not be handed yesterday's answers.
        self._tag = secrets.token_hex(4)
        self._ids = itertools.count(1)

    def new_id(self, kind: str) -> str:
        return f"sim-{self._tag}-{kind}-{next(self._ids)}"

    @overload
    async def ask(self, link: Link, req: m.TakeTicket) -> r.TicketIssued: ...
    @overload
    async def ask(self, link: Link, req: m.TicketRequest) -> r.TicketReply: ...
    @overload
    async def ask(self, link: Link, req: m.SignIn | m.PlainRequest) -> r.Ok: ...
    @overload
    async def ask(self, link: Link, req: m.CheckIn) -> r.TicketIssued: ...
    @overload
    async def ask(self, link: Link, req: m.AnyRequest) -> r.Ok: ...
    async def ask(self, link: Link, req: m.AnyRequest) -> r.Ok:
        """One request, sent with its one id until answered; a refusal raises `RequestError`."""
        type_ = str(req.__struct_config__.tag)
        while True:
            try:
                reply = await link.client.request(req)
            except RequestTimeout:
                log.info("%s: no answer to %s yet (server away?); asking again", link.name, type_)
                continue
            except RequestError as e:
                self.records.refusals[e.code] += 1
                self.records.note()
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
