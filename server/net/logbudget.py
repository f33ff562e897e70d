"""A log that strangers cannot flood: lines about refused input share one token bucket.

Refused frames, refused hellos and cut connections are worth a line (they show an attack or a
misconfigured device), but each is caused by someone else's bytes: without a budget one
client could make the server write hundreds of megabytes a second. Lines beyond the budget
are counted, and the count goes out with the next line that fits ("… and 4,210 more like it
were not logged"). With the defaults (burst 20, then 5 lines/s, each line quoting at most a
short excerpt of the input) every stranger together adds at most ~1-2 kB of log a second.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from server.net.ratelimit import Bucket

BURST = 20
LINES_PER_S = 5.0


class LogBudget:
    def __init__(
        self,
        logger: logging.Logger,
        burst: int = BURST,
        per_second: float = LINES_PER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.clock = clock
        self.bucket = Bucket(burst, per_second, burst, clock())
        self.dropped = 0

    def info(self, msg: str, *args: Any) -> None:
        self._log(logging.INFO, msg, args)

    def warning(self, msg: str, *args: Any) -> None:
        self._log(logging.WARNING, msg, args)

    def _log(self, level: int, msg: str, args: tuple[Any, ...]) -> None:
        if not self.logger.isEnabledFor(level):
            return
        if not self.bucket.take(self.clock()):
            self.dropped += 1
            return
        if self.dropped:
            msg += " (and %d more refusals were not logged)"
            args = (*args, self.dropped)
            self.dropped = 0
        self.logger.log(level, msg, *args)


class _Quiet(logging.LoggerAdapter[logging.Logger]):
    def isEnabledFor(self, level: int) -> bool:
        return self.logger.isEnabledFor(level if level >= logging.WARNING else logging.DEBUG)


def connection_logger() -> logging.LoggerAdapter[logging.Logger]:
    """websockets' logger for connections, with its INFO lines ("connection open", "connection
    closed": anyone can cause thousands a second) shown only when DEBUG is on. Rinda logs the
    connections that matter itself, and a stranger's on the budget above."""
    return _Quiet(logging.getLogger("websockets.server"))
