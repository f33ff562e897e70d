"""Every error code the server sends, as one enumeration (docs/protocol.md, section 6).

Kept apart from the frames so that the core's domain errors (server/core/errors.py) can name
their codes from the same list without importing anything else of the protocol.
"""

from __future__ import annotations

from typing import Literal

ErrorCode = Literal[
    # The frame, the session and the server.
    "bad_frame",
    "unknown_type",
    "invalid_field",
    "unauthorized",
    "forbidden",
    "unsupported_protocol",
    "token_revoked",
    "too_many_connections",
    "rate_limited",
    "slow_down",
    "storage_failed",
    "internal_error",
    "wrong_pin",
    "locked_out",
    # A report that cannot be made (the message says why: the period, the grouping...).
    "bad_report",
    # The queue's rules (server/core/errors.py).
    "domain_error",
    "unknown_service",
    "unknown_priority",
    "unknown_ticket",
    "unknown_counter",
    "service_closed",
    "numbers_exhausted",
    "counter_closed",
    "counter_paused",
    "counter_busy",
    "not_your_ticket",
    "invalid_transition",
    "centre_closed",
    "recall_limit",
    "too_early",
    "no_show_expired",
    # Appointments (server/core/booking.py).
    "not_bookable",
    "slot_unavailable",
    "slot_in_past",
    "slot_full",
    "unknown_booking",
    "code_taken",
    "booking_closed",
    "booking_not_today",
    "booking_lapsed",
    # Joining from home (server/core/remote.py).
    "remote_off",
    "remote_full",
    "place_lapsed",
    # Visitors' ratings (server/core/feedback.py).
    "bad_score",
    "unknown_reason",
    "not_rateable",
    "rating_closed",
]
