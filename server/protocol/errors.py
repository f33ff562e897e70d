"""What the protocol client raises, and its reconnect backoff."""

from __future__ import annotations

import random
from typing import Self

from server.protocol.replies import Error


class ClientError(Exception):
    """Base of everything this module raises on purpose."""


class _CodedError(ClientError):
    def __init__(self, frame: Error) -> None:
        super().__init__(f"{frame.code}: {frame.message}" if frame.message else frame.code)
        self.code = frame.code
        self.message = frame.message
        self.frame = frame

    def copy(self) -> Self:
        """A fresh instance, so one error raised in several tasks keeps sane tracebacks."""
        return type(self)(self.frame)


class ClientRefused(_CodedError):
    """The server refused the hello (`unauthorized` / `forbidden`): fix the token or role."""


class RequestError(_CodedError):
    """The server answered a request with an `error` frame."""


class RequestTimeout(ClientError, TimeoutError):
    """No answer within `request_timeout` (offline the whole time, or a silent server)."""


class ClientClosed(ClientError):
    """The client was closed; it sends nothing more."""


def backoff_delay(
    attempt: int, initial: float, cap: float, rng: random.Random | None = None
) -> float:
    """Seconds to wait before reconnect attempt `attempt` (0 = first retry).

    "Full jitter": uniform in [0, min(cap, initial * 2**attempt)], so a room full of kiosks
    that lost the server together does not come back in one thundering herd.
    """
    ceiling = min(cap, initial * 2 ** min(max(attempt, 0), 64))
    return (rng or random).uniform(0, ceiling)
