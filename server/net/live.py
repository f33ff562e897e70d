"""GET /live: the centre's floor now as JSON (server/protocol/live.py), for `rinda network
watch` in a regional or national office.

Built per request from the owner's current centre and its current `Waits` (no database, no
owner queue): one pass over the services and the waiting tickets, so its cost and its size
are bounded by the centre's own configuration. Who may read it: a caller that sends a token
must send a manager's; one that sends none must be this machine (loopback), as for /metrics.
The token is checked whenever one is sent, so a watch list with a wrong token is found out
even when tried on the centre's own machine.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus

import msgspec
from websockets.http11 import Request, Response

from server.config import CentreConfig
from server.core.centre import Centre
from server.core.estimate import Waits
from server.net.frames import iso, texts
from server.net.metrics import (
    bearer,
    http_response,
    is_loopback,
    is_manager_token,
    longest_wait_s,
)
from server.net.owner import Owner
from server.protocol.live import Live, LiveCounters, LiveService
from server.store.events import EventStore

REFUSED = (
    "The live view is served only to this machine (loopback) or with a manager's device "
    "token: Authorization: Bearer <token>.\n"
)


def live_view(centre: Centre, waits: Waits, now: datetime) -> Live:
    services = {
        sid: LiveService(
            name=texts(s.name),
            waiting=len(centre.waiting[sid]),
            longest_wait_s=longest_wait_s(centre, sid, now),
            target_s=s.target_wait_min * 60,
            expected_wait_s=waits.new.get((sid, None), 0),
            issuing=centre.issuing(sid, now),
        )
        for sid, s in centre.config.services.items()
    }
    states = [c.status for c in centre.state.counters.values()]
    counters = LiveCounters(
        open=states.count("open"), paused=states.count("paused"), closed=states.count("closed")
    )
    name = texts(centre.config.name)
    return Live(centre=name, now=iso(now), services=services, counters=counters)


async def may_watch(
    address: str, request: Request, store: EventStore, config: CentreConfig
) -> bool:
    """No Authorization header: loopback only. One: a manager's token, from anywhere."""
    if "Authorization" not in request.headers:
        return is_loopback(address)
    token = bearer(request.headers)
    return token is not None and await is_manager_token(token, store, config)


class LivePage:
    def __init__(self, owner: Owner, store: EventStore, config: CentreConfig) -> None:
        # The owner, not its centre: it replaces its Centre after a failed write, and its
        # Waits each queue round.
        self.owner = owner
        self.store = store
        self.config = config

    async def respond(self, address: str, request: Request) -> Response:
        if not await may_watch(address, request, self.store, self.config):
            return http_response(
                HTTPStatus.FORBIDDEN, REFUSED.encode(), "text/plain; charset=utf-8"
            )
        owner = self.owner
        body = msgspec.json.encode(live_view(owner.centre, owner.waits, owner.clock()))
        return http_response(HTTPStatus.OK, body, "application/json")
