"""The booking API: HTTP and JSON under /api/v1/, for a centre's website (docs/booking-api.md).

    GET    /api/v1/services                       the services, bookable or not
    GET    /api/v1/services/<id>/slots?day=&days=  free slots of a service (days 1..31)
    POST   /api/v1/bookings                       {service, start, name?, contact?} -> 201
    GET    /api/v1/bookings/<code>                 a booking (no personal data)
    PATCH  /api/v1/bookings/<code>                 {start}: move it
    DELETE /api/v1/bookings/<code>                 cancel it
    GET    /api/v1/queue                          the services one may join from home now
    POST   /api/v1/queue                          {service, lang?, contact?} -> 201: a ticket
                                                  for today, joined from home (net/remote_desk.py)

Every request carries `Authorization: Bearer <token>` of a device with role "booking"
(`rinda token add --role booking --device website`); such a token is good for nothing else,
and no other role's token is good here. Everything goes through the BookingDesk
(server/net/bookings.py), the same rules as the counter's booking screen, and a change is
answered only after its commit. `Idempotency-Key` is the request id of the websocket protocol:
the same key from the same device within 24 h gets the first answer again and changes
nothing. Requests are rate-limited per device with the websocket's per-device request limit
(`[limits] request_burst`, `requests_per_second`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date, datetime
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import parse_qs

import msgspec

from server.core import booking as bk
from server.core.errors import DomainError
from server.core.model import Booking
from server.net import frames
from server.net.api_replies import ApiBooking, api_booking, error, ok
from server.net.auth import a_role
from server.net.bookings import BookingDesk
from server.net.http_body import HttpRequest, HttpResponse
from server.net.ratelimit import RateLimiter
from server.net.remote_desk import Joined, RemoteDesk
from server.net.replies import Answer
from server.protocol.codec import excerpt
from server.protocol.messages import Instant, Lang, Name, Personal
from server.protocol.replies import BookingReply, Error
from server.protocol.views import BookingView
from server.protocol.waits import WaitBand, wait_band
from server.store.events import EventStore
from server.store.tokens import find_token

PREFIX = "/api/v1"
ROLE = "booking"
_SLOTS = re.compile(r"^/api/v1/services/([^/]{1,32})/slots$")
_BOOKING = re.compile(r"^/api/v1/bookings/([^/]{1,32})$")
_BEARER = re.compile(r"^Bearer +([A-Za-z0-9_\-]{1,128})$", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TOO_MANY = "Too many requests from this device: wait a moment, then send it again."


class NewBooking(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    service: Name
    start: Instant
    name: Personal = ""
    contact: Personal = ""


class NewTicket(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    service: Name
    lang: Lang = "lv"
    contact: Personal = ""


class ApiTicket(msgspec.Struct, kw_only=True, frozen=True):
    """A ticket joined from home, as the API shows it: what to send the visitor."""

    number: str
    service: str
    # The code the visitor checks in with at the kiosk, on arrival.
    code: str
    # The ticket's phone page (the code, its QR, when to set off): send it to the visitor.
    link: str
    joined_at: str
    ahead: int
    wait: WaitBand


class ApiJoinable(msgspec.Struct, kw_only=True, frozen=True):
    """A service offered from home, and whether one may join it now."""

    id: str
    name: dict[str, str]
    open: bool
    # Why not now (null while open): "service_closed" or "remote_full".
    why: str | None
    # The expected wait of a ticket joined now (null while not open).
    wait: WaitBand | None


class TicketAnswer(msgspec.Struct, kw_only=True, frozen=True):
    ticket: ApiTicket


class MoveTo(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    start: Instant


class ApiService(msgspec.Struct, kw_only=True, frozen=True):
    id: str
    name: dict[str, str]
    bookable: bool
    slot_min: int | None
    # Visitors one slot holds, and how many days ahead one may book (null: not bookable).
    places: int | None
    days_ahead: int | None


class ApiSlot(msgspec.Struct, kw_only=True, frozen=True):
    start: str
    free: int


class BookingAnswer(msgspec.Struct, kw_only=True, frozen=True):
    booking: ApiBooking


class Refused(Exception):
    """An API error found before the desk was asked."""

    def __init__(self, code: str, message: str, *headers: tuple[str, str]) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = headers


_answers = msgspec.json.Decoder(BookingReply | Error)
_joined = msgspec.json.Decoder(Joined | Error)
_new_ticket = msgspec.json.Decoder(NewTicket)
_new_booking = msgspec.json.Decoder(NewBooking)
_move_to = msgspec.json.Decoder(MoveTo)


T = TypeVar("T")


def _body(decoder: msgspec.json.Decoder[T], body: bytes) -> T:
    try:
        return decoder.decode(body)
    except msgspec.ValidationError as e:
        raise Refused("invalid_field", f"{e}.") from None
    except msgspec.DecodeError:
        raise Refused("bad_frame", "The body is not a JSON object.") from None


class BookingApi:
    def __init__(
        self,
        desk: BookingDesk,
        remote: RemoteDesk,
        store: EventStore,
        limiter: RateLimiter,
        clock: Callable[[], datetime],
    ) -> None:
        self.config = desk.config
        self.desk = desk
        self.remote = remote
        self.store = store
        self.limiter = limiter
        self.clock = clock

    async def handle(self, request: HttpRequest) -> HttpResponse:
        try:
            device = await self._device(request)
            if not self.limiter.allow(device, time.monotonic()):
                raise Refused("rate_limited", TOO_MANY, ("Retry-After", "1"))
            return await self._route(request, device)
        except Refused as e:
            return error(e.code, e.message, *e.headers)
        except DomainError as e:
            return error(e.code, e.message)

    async def _device(self, request: HttpRequest) -> str:
        """The device id of the request's booking token."""
        challenge = ("WWW-Authenticate", 'Bearer realm="rinda"')
        m = _BEARER.match(request.headers.get("authorization", ""))
        if m is None:
            raise Refused(
                "unauthorized", "Send Authorization: Bearer <token> of a booking device.", challenge
            )
        found = await find_token(self.store, m.group(1))
        if found is None:
            raise Refused("unauthorized", "The token is not valid for this centre.", challenge)
        role, device = found
        if role != ROLE:
            raise Refused(
                "forbidden", f"This token belongs to {a_role(role)}, not a booking device."
            )
        dev = self.config.devices.get(device)
        if dev is None or dev.role != ROLE:
            raise Refused("forbidden", f'Device "{device}" is not a booking device of the centre.')
        return device

    async def _route(self, request: HttpRequest, device: str) -> HttpResponse:
        path, method = request.path, request.method
        reading = method in ("GET", "HEAD")
        if path == f"{PREFIX}/services":
            _allow(method, "GET, HEAD")
            return ok({"services": self._services()})
        if m := _SLOTS.match(path):
            _allow(method, "GET, HEAD")
            return self._slots(m.group(1), request.query)
        if path == f"{PREFIX}/bookings":
            _allow(method, "POST")
            new = _body(_new_booking, request.body)
            answer = await self.desk.book(
                device, _key_of(request), new.service, new.start, new.name, new.contact
            )
            return self._answer(answer, HTTPStatus.CREATED)
        if path == f"{PREFIX}/queue":
            if reading:
                return ok({"services": self._joinable()})
            _allow(method, "GET, HEAD, POST")
            new_ticket = _body(_new_ticket, request.body)
            joined = await self.remote.join(
                device, _key_of(request), new_ticket.service, new_ticket.lang, new_ticket.contact
            )
            return self._ticket(joined)
        if m := _BOOKING.match(path):
            code = m.group(1)
            if reading:
                b = self.desk.by_code(code)
                return ok(BookingAnswer(booking=api_booking(self.config, self._view(b))))
            if method == "PATCH":
                to = _body(_move_to, request.body)
                return self._answer(await self.desk.move(device, _key_of(request), code, to.start))
            _allow(method, "GET, HEAD, PATCH, DELETE")
            return self._answer(await self.desk.cancel(device, _key_of(request), code))
        raise Refused("not_found", f"Nothing at {excerpt(path, 80)}: the API is under {PREFIX}/.")

    def _view(self, b: Booking) -> BookingView:
        return self.desk.view(b, self.clock())

    def _services(self) -> list[ApiService]:
        out = []
        for s in self.config.services.values():
            rules = s.booking
            out.append(
                ApiService(
                    id=s.id,
                    name=frames.texts(s.name),
                    bookable=rules is not None,
                    slot_min=rules.slot_min if rules else None,
                    places=bk.places(self.config, s) if rules else None,
                    days_ahead=rules.days_ahead if rules else None,
                )
            )
        return out

    def _slots(self, service: str, query: str) -> HttpResponse:
        args = parse_qs(query, max_num_fields=8)
        day_text = args.get("day", [None])[-1]
        days_text = args.get("days", ["1"])[-1]
        day: date | None = None
        if day_text is not None:
            try:
                if not _DAY.match(day_text):
                    raise ValueError
                day = date.fromisoformat(day_text)
            except ValueError:
                raise Refused("invalid_field", "day must be a date: YYYY-MM-DD.") from None
        if not days_text.isdigit() or not 1 <= int(days_text) <= 31:
            raise Refused("invalid_field", "days must be a whole number from 1 to 31.")
        slots = self.desk.free_slots(service, day, int(days_text), self.clock())
        listed = [ApiSlot(start=s.start, free=s.free) for s in slots]
        return ok({"service": service, "slots": listed})

    def _answer(self, answer: Answer, status: HTTPStatus = HTTPStatus.OK) -> HttpResponse:
        """The desk's answer (a websocket reply, as the owner stored it) as an HTTP one."""
        reply = _answers.decode(answer)
        if isinstance(reply, Error):
            return error(reply.code, reply.message)
        shown = api_booking(self.config, reply.booking)
        where = ("Location", f"{PREFIX}/bookings/{shown.code}")
        return ok(BookingAnswer(booking=shown), status, where)

    def _joinable(self) -> list[ApiJoinable]:
        """The services one may join from home, as /join lists them, now."""
        return [
            ApiJoinable(
                id=s.id,
                name=frames.texts(s.name),
                open=why is None,
                why=why,
                wait=None if why else wait_band(self.remote.wait_of(s.id)),
            )
            for s, why in self.remote.offered(self.clock())
        ]

    def _ticket(self, answer: Answer) -> HttpResponse:
        reply = _joined.decode(answer)
        if isinstance(reply, Error):
            return error(reply.code, reply.message)
        t = reply.ticket
        shown = ApiTicket(
            number=t.number,
            service=t.service,
            code=reply.code,
            link=t.status_url,
            joined_at=t.issued_at,
            ahead=t.ahead,
            wait=wait_band(t.estimated_wait_s),
        )
        return ok(TicketAnswer(ticket=shown), HTTPStatus.CREATED)


def _allow(method: str, allowed: str) -> None:
    if method not in allowed.split(", "):
        raise Refused("method_not_allowed", f"Use {allowed} here.", ("Allow", allowed))


def _key_of(request: HttpRequest) -> str | None:
    """The `Idempotency-Key` header: the request's id (1..64 characters)."""
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not 1 <= len(key) <= 64 or not key.isprintable():
        raise Refused("invalid_field", "Idempotency-Key must have 1 to 64 characters.")
    return key
