"""Who is on the other end of a connection: the hello, checked against hashed device tokens."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address
from typing import Any

from server.config import CentreConfig
from server.protocol.codec import excerpt
from server.protocol.codes import ErrorCode
from server.protocol.messages import PROTOCOL, Hello
from server.store.events import EventStore
from server.store.tokens import find_token, token_hash

# A role as an error message names it: the tablet's role name alone reads as "a feedback".
ROLE_WORDS = {"feedback": "feedback tablet"}


def a_role(role: str) -> str:
    """`role` in a sentence, with its article: "a kiosk", "a feedback tablet"."""
    return f"a {ROLE_WORDS.get(role, role)}"


class AuthError(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Session:
    role: str
    # The idempotency and rate-limit key: a configured device id, or the address of an
    # anonymous display.
    device: str
    counter: str | None = None
    # A visitor's phone follows one ticket.
    ticket: str | None = None
    # The hash of the device token it said hello with (None: anonymous display or phone), so
    # a revoked token can end its live sessions.
    token_hash: str | None = None


def _is_loopback(remote: Any) -> bool:
    try:
        return ip_address(remote[0]).is_loopback
    except (TypeError, ValueError, IndexError):
        return False


async def authenticate(
    hello: Hello, remote: Any, store: EventStore, config: CentreConfig
) -> Session:
    if hello.protocol != PROTOCOL:
        raise AuthError(
            "unsupported_protocol",
            f"This server speaks protocol {PROTOCOL}, not {hello.protocol}: update the app.",
        )
    if hello.role == "display" and hello.token is None:
        mode = config.limits.anonymous_displays
        if mode == "any" or (mode == "loopback" and _is_loopback(remote)):
            window = _window(hello.counter, None, config)
            return Session("display", f"display@{remote[0]}:{remote[1]}", window)
        raise AuthError(
            "unauthorized",
            "This display needs a token: rinda token add --role display --device ID.",
        )
    if not hello.token:
        raise AuthError(
            "unauthorized", f"{a_role(hello.role).capitalize()} needs a device token to connect."
        )
    found = await find_token(store, hello.token)
    if found is None:
        raise AuthError("unauthorized", "The token is not valid for this centre.")
    role, device = found
    if role != hello.role:
        raise AuthError(
            "forbidden", f"This token belongs to {a_role(role)}, not {a_role(hello.role)}."
        )
    dev = config.devices.get(device)
    if dev is None:
        raise AuthError(
            "forbidden", f'Device "{device}" is no longer in the centre\'s configuration.'
        )
    if role == "counter" and hello.counter is None:
        raise AuthError(
            "forbidden", 'A counter hello needs "counter": the counter id from the centre config.'
        )
    if role == "counter" and hello.counter != dev.counter:
        raise AuthError(
            "forbidden", f"This token belongs to counter {dev.counter}, not {hello.counter}."
        )
    counter = _window(hello.counter, dev.counter, config) if role == "display" else dev.counter
    return Session(role, device, counter, token_hash=token_hash(hello.token))


def _window(asked: str | None, configured: str | None, config: CentreConfig) -> str | None:
    """A display's counter (a window display above it): its device entry's, else the one its
    hello asked for (`rinda display --counter`), which must be a counter of the centre."""
    if configured is not None or asked is None:
        return configured
    if asked not in config.counters:
        raise AuthError(
            "forbidden", f"This centre has no counter {excerpt(asked)}: check --counter."
        )
    return asked
