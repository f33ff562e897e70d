"""Domain errors: one hierarchy, each with a stable `code` that the protocol carries."""

from __future__ import annotations

from typing import ClassVar

from server.protocol.codes import ErrorCode


class DomainError(Exception):
    """A command that cannot be carried out; the state is unchanged."""

    code: ClassVar[ErrorCode] = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownService(DomainError):
    code = "unknown_service"


class UnknownPriority(DomainError):
    code = "unknown_priority"


class UnknownCounter(DomainError):
    code = "unknown_counter"


class UnknownTicket(DomainError):
    code = "unknown_ticket"


class ServiceClosed(DomainError):
    code = "service_closed"


class NumbersExhausted(DomainError):
    code = "numbers_exhausted"


class CounterClosed(DomainError):
    code = "counter_closed"


class CounterPaused(DomainError):
    code = "counter_paused"


class CounterBusy(DomainError):
    code = "counter_busy"


class NotYourTicket(DomainError):
    code = "not_your_ticket"


class InvalidTransition(DomainError):
    code = "invalid_transition"


class RecallLimit(DomainError):
    code = "recall_limit"


class TooEarly(DomainError):
    code = "too_early"


class NoShowExpired(DomainError):
    code = "no_show_expired"


class CentreClosed(DomainError):
    code = "centre_closed"


class NotBookable(DomainError):
    code = "not_bookable"


class SlotUnavailable(DomainError):
    code = "slot_unavailable"


class SlotInPast(DomainError):
    code = "slot_in_past"


class SlotFull(DomainError):
    code = "slot_full"


class UnknownBooking(DomainError):
    code = "unknown_booking"


class CodeTaken(DomainError):
    code = "code_taken"


class BookingClosed(DomainError):
    """The booking was cancelled, missed or checked in already: it cannot change now."""

    code = "booking_closed"


class BookingNotToday(DomainError):
    code = "booking_not_today"


class BookingLapsed(DomainError):
    code = "booking_lapsed"


class RemoteOff(DomainError):
    code = "remote_off"


class RemoteFull(DomainError):
    code = "remote_full"


class PlaceLapsed(DomainError):
    code = "place_lapsed"


class UnshowableText(DomainError):
    """Text for people to read (a manager's reason or notice) with a control character."""

    code = "invalid_field"


class BadScore(DomainError):
    code = "bad_score"


class UnknownReason(DomainError):
    code = "unknown_reason"


class NotRateable(DomainError):
    """The ticket's visit has not ended, or it was not served (a no-show, cancelled)."""

    code = "not_rateable"


class RatingClosed(DomainError):
    """Too long after the visit ended, or rated as often as the centre allows."""

    code = "rating_closed"
