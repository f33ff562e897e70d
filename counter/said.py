"""The one sentence the clerk reads about what just happened, as a value the models hold."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Said:
    """A catalog key and what fills it in: `service` is a service id (named in the clerk's
    language when shown), `at` a booking's time (shown in the centre's time zone), `message`
    the server's own words (for an error this app has no sentence for), `passed` the tickets
    a call passed over, their visitors not here yet (said first; an empty `key` says only
    that, while the call's answer is still on its way)."""

    key: str
    error: bool = False
    number: str = ""
    service: str = ""
    message: str = ""
    code: str = ""
    at: str = ""
    passed: tuple[str, ...] = ()
