"""Joining today's queue from home (the `[remote]` table, docs/remote-queue.md): what it
means, and what its values must be.

A remote ticket is taken on the public /join page or through the booking API, waits as "not
here yet" until the visitor checks in at the kiosk with its code, is passed over while not
here, and lapses `grace_min` after its turn came without a check-in (server/core/remote.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import msgspec

from server.config_problems import Problems, key

if TYPE_CHECKING:
    from server.config import CentreSpec


class RemoteConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    # Remote joining at all: the booking API's POST /api/v1/queue (and /join if `page`).
    enabled: bool = False
    # The public page /join (LV/RU/EN) for a QR poster at the door; needs `enabled`.
    page: bool = False
    # The services one may join from home; empty: every service.
    services: list[str] = []
    # Per service: remote tickets joined and not yet checked in, at most (`caps` per service).
    max_waiting: int = 10
    caps: dict[str, int] = {}
    # No remote joining this many minutes before a service stops issuing tickets.
    stop_before_close_min: int = 60
    # Minutes a passed-over remote ticket keeps its place for a check-in, then it lapses.
    grace_min: int = 15
    # Remote tickets one address may take on /join per hour (the API is limited per device).
    per_address_per_hour: int = 3
    # The phone page says "come now" when the expected wait is this short.
    come_before_min: int = 20
    # The municipality's own SMS/e-mail gateway: POSTed "your turn is near" for a visitor
    # who gave a phone number or e-mail. Empty: nothing is ever sent anywhere.
    notify_url: str = ""
    # Sent when the expected wait falls to this many minutes.
    notify_before_min: int = 15

    def allows(self, service: str) -> bool:
        return self.enabled and (not self.services or service in self.services)

    def cap(self, service: str) -> int:
        return self.caps.get(service, self.max_waiting)


# The range each whole number must be in.
RANGES = (
    ("max_waiting", 0, 1000),
    ("stop_before_close_min", 0, 24 * 60),
    ("grace_min", 0, 240),
    ("per_address_per_hour", 1, 100),
    ("come_before_min", 1, 240),
    ("notify_before_min", 1, 240),
)


def gateway_url_ok(url: str) -> bool:
    """Whether `notify_url` can be POSTed to: http(s), a host, a valid port if any."""
    if len(url) > 500 or not url.isprintable() or " " in url:
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def remote_problems(spec: CentreSpec, problems: Problems) -> None:
    r = spec.remote
    for name, low, high in RANGES:
        if not low <= getattr(r, name) <= high:
            problems.add(f"remote.{name}", f"must be between {low} and {high}", getattr(r, name))
    known = {s.id for s in spec.services}
    for i, sid in enumerate(r.services):
        if sid not in known:
            problems.add(f"remote.services[{i + 1}]", "no such service in [[services]]", sid)
    for sid, cap in r.caps.items():
        where = f"remote.caps.{key(sid)}"
        if sid not in known:
            problems.add(where, "no such service in [[services]]", sid)
        elif not 0 <= cap <= 1000:
            problems.add(where, "must be between 0 and 1000", cap)
    url = r.notify_url
    if url and not gateway_url_ok(url):
        problems.add(
            "remote.notify_url",
            "must be an http:// or https:// address with a host, at most 500 characters",
            url,
        )
    if url and not r.enabled:
        problems.warn("remote.notify_url", "nothing is sent while `enabled = false`")
    if r.page and not r.enabled:
        problems.warn("remote.page", "the /join page needs `enabled = true` to take anyone")
