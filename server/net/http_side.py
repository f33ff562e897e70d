"""Everything the server answers over plain HTTP on its port, wired in one place: the pages
and the booking API behind `make_router` (GET and HEAD, through websockets) and behind
`make_body_router` (requests with a body, read by net/http_body.py). server/net/http.py
routes them; each page's module says what it serves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from server.net.booking_api import BookingApi
from server.net.booking_page import BookingPages
from server.net.http import make_body_router, make_refusal, make_router
from server.net.http_body import Exchange
from server.net.join_page import JoinPage
from server.net.live import LivePage
from server.net.metrics import MetricsPage
from server.net.place_form import PlaceForm
from server.net.rating_form import RatingForm
from server.net.remote_desk import RemoteDesk

if TYPE_CHECKING:
    from server.net.app import RindaServer

Router = Callable[[ServerConnection, Request], Awaitable[Response | None]]


def http_side(server: RindaServer, metrics: MetricsPage) -> tuple[Router, partial[Exchange]]:
    """(websockets' `process_request`, the door's maker of an Exchange for a diverted
    request) of a started server."""
    booking_pages = BookingPages(server.router.desk, server.clock)
    # One door for joining from home, shared by the API and the /join page.
    remote = RemoteDesk(server.config, server.owner)
    api = BookingApi(server.router.desk, remote, server.store, server.requests, server.clock)
    rating, join = RatingForm(server.pages, server.owner), JoinPage(remote, server.clock)
    place = PlaceForm(server.pages, server.owner)
    bodies = make_body_router(api.handle, booking_pages.cancel, rating.post, join.post, place.post)
    # Half the hello timeout, so that a slow request hears 408 before the door cuts it.
    divert = partial(
        Exchange,
        handler=bodies,
        refuse=make_refusal(rating.too_large, join.body_refused),
        timeout_s=server.config.limits.hello_timeout_s / 2,
    )
    pages = (server.health.report, server.pages.respond, booking_pages.respond)
    live = LivePage(server.owner, server.store, server.config)
    return make_router(*pages, metrics.respond, live.respond, join.respond), divert
