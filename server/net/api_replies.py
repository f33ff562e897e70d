"""The booking API's answers: JSON bodies, and every error as {"error": {"code", "message"}}
with the HTTP status that fits its code (docs/booking-api.md has the table)."""

from __future__ import annotations

from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

import msgspec

from server.config import BookingRules, CentreConfig
from server.net.http_body import HttpResponse
from server.protocol.codec import excerpt
from server.protocol.views import BookingView

STATUS: dict[str, HTTPStatus] = {
    "bad_frame": HTTPStatus.BAD_REQUEST,
    "invalid_field": HTTPStatus.BAD_REQUEST,
    "unauthorized": HTTPStatus.UNAUTHORIZED,
    "forbidden": HTTPStatus.FORBIDDEN,
    "not_found": HTTPStatus.NOT_FOUND,
    "unknown_service": HTTPStatus.NOT_FOUND,
    "unknown_booking": HTTPStatus.NOT_FOUND,
    "method_not_allowed": HTTPStatus.METHOD_NOT_ALLOWED,
    "request_timeout": HTTPStatus.REQUEST_TIMEOUT,
    "slot_full": HTTPStatus.CONFLICT,
    "booking_closed": HTTPStatus.CONFLICT,
    "booking_lapsed": HTTPStatus.CONFLICT,
    # Two bookings drew the same random code at once: sending it again gets a new one.
    "code_taken": HTTPStatus.CONFLICT,
    # Joining from home (POST /api/v1/queue).
    "service_closed": HTTPStatus.CONFLICT,
    "remote_full": HTTPStatus.CONFLICT,
    "remote_off": HTTPStatus.FORBIDDEN,
    "length_required": HTTPStatus.LENGTH_REQUIRED,
    "too_large": HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    "slot_in_past": HTTPStatus.UNPROCESSABLE_ENTITY,
    "slot_unavailable": HTTPStatus.UNPROCESSABLE_ENTITY,
    "not_bookable": HTTPStatus.UNPROCESSABLE_ENTITY,
    "rate_limited": HTTPStatus.TOO_MANY_REQUESTS,
    "internal_error": HTTPStatus.INTERNAL_SERVER_ERROR,
    "storage_failed": HTTPStatus.SERVICE_UNAVAILABLE,
}
# The code of an error found by the HTTP layer, before the request reached the API.
CODE_OF_STATUS: dict[HTTPStatus, str] = {
    HTTPStatus.BAD_REQUEST: "bad_frame",
    HTTPStatus.REQUEST_TIMEOUT: "request_timeout",
    HTTPStatus.LENGTH_REQUIRED: "length_required",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "too_large",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "too_large",
    HTTPStatus.INTERNAL_SERVER_ERROR: "internal_error",
}
HEADERS = (("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"))
JSON = "application/json"


class ApiBooking(msgspec.Struct, kw_only=True, frozen=True):
    """A booking as the API shows it: never the visitor's name or contact."""

    code: str
    service: str
    start: str
    end: str
    state: str
    # The visitor's own page (time, QR of the code, calendar file, cancel button).
    link: str


def api_booking(config: CentreConfig, view: BookingView) -> ApiBooking:
    s = config.services.get(view.service)
    slot = (s.booking if s is not None and s.booking is not None else BookingRules()).slot_min
    end = datetime.fromisoformat(view.start) + timedelta(minutes=slot)
    return ApiBooking(
        code=view.code,
        service=view.service,
        start=view.start,
        end=end.isoformat().replace("+00:00", "Z"),
        state=view.state,
        link=view.link,
    )


def ok(body: Any, status: HTTPStatus = HTTPStatus.OK, *extra: tuple[str, str]) -> HttpResponse:
    return HttpResponse(status, msgspec.json.encode(body), JSON, (*HEADERS, *extra))


def error(code: str, message: str, *extra: tuple[str, str]) -> HttpResponse:
    """An error answer; its status from STATUS (400 for a code not listed there)."""
    status = STATUS.get(code, HTTPStatus.BAD_REQUEST)
    body = {"error": {"code": code, "message": excerpt(message, 300)}}
    return HttpResponse(status, msgspec.json.encode(body), JSON, (*HEADERS, *extra))


def refusal(status: HTTPStatus, message: str) -> HttpResponse:
    """An error the HTTP layer found (a bad, oversized or slow request), as the API says it."""
    code = CODE_OF_STATUS.get(status, "bad_frame")
    body = {"error": {"code": code, "message": message}}
    return HttpResponse(status, msgspec.json.encode(body), JSON, HEADERS)
