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
