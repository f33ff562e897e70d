"""`GET /live`: a centre's floor now, in a few hundred bytes, for `rinda network watch`.

The server builds it per request from its live state (server/net/live.py); the watch app
decodes it with the bounds below, so whatever a centre (or something posing as one) answers,
the app holds at most what a real centre could send. docs/network-watch.md lists the fields.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

# A wait, a target or a count beyond these is no centre's: the reply is garbled.
Seconds = Annotated[int, msgspec.Meta(ge=0, le=366 * 24 * 3600)]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
Name = Annotated[str, msgspec.Meta(max_length=200)]
Names = Annotated[dict[str, Name], msgspec.Meta(max_length=3)]
"""A visible text by language: {"lv": ..., "ru": ..., "en": ...}."""
ServiceId = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
# More services than any centre has (the response is bounded in bytes as well).
MAX_SERVICES = 200


class LiveService(msgspec.Struct, kw_only=True, frozen=True):
    name: Names
    waiting: Count
    # How long the person waiting longest has waited (0: nobody waits), as /metrics says it.
    longest_wait_s: Seconds
    # The service's target_wait_min in seconds (0: none set).
    target_s: Seconds
    # What a visitor taking a ticket now is told (the owner's current estimate).
    expected_wait_s: Seconds
    # The kiosks issue tickets for it now: within its hours and not stopped by a manager.
    issuing: bool


class LiveCounters(msgspec.Struct, kw_only=True, frozen=True):
    open: Count
    paused: Count
    closed: Count


class Live(msgspec.Struct, kw_only=True, frozen=True):
    centre: Names
    # When the figures were read (UTC, ISO 8601 with a Z, like every time on the wire).
    now: Annotated[str, msgspec.Meta(max_length=40)]
    services: Annotated[dict[ServiceId, LiveService], msgspec.Meta(max_length=MAX_SERVICES)]
    counters: LiveCounters


# Fields a newer server adds are skipped (msgspec ignores unknown fields), so an older app
# still reads it.
decode_live = msgspec.json.Decoder(Live).decode
