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
import sys
import time
from collections.abc import Callable
from typing import Any

from server.net.ratelimit import Bucket
from server.protocol.codec import excerpt

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

    def passes(self) -> int | None:
        """Whether one more line fits: None if not (it is counted), else how many were left
        out since the last line that fitted."""
        if not self.bucket.take(self.clock()):
            self.dropped += 1
            return None
        dropped, self.dropped = self.dropped, 0
        return dropped

    def _log(self, level: int, msg: str, args: tuple[Any, ...]) -> None:
        if not self.logger.isEnabledFor(level):
            return
        dropped = self.passes()
        if dropped is None:
            return
        if dropped:
            msg += DROPPED
            args = (*args, dropped)
        self.logger.log(level, msg, *args)


DROPPED = " (and %d more refusals were not logged)"


class _Rationed(logging.LoggerAdapter[logging.Logger]):
    """websockets' logger for connections: INFO and below only at DEBUG ("connection open",
    "connection closed": anyone can cause thousands a second), and warnings and errors on the
    refusals' budget, since a peer's bytes cause them too (a pipelined HTTP request made
    websockets 17 log an 11-line traceback per connection)."""

    def __init__(self, logger: logging.Logger, budget: LogBudget) -> None:
        super().__init__(logger)
        self.budget = budget

    def isEnabledFor(self, level: int) -> bool:
        return self.logger.isEnabledFor(level if level >= logging.WARNING else logging.DEBUG)

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        if not self.isEnabledFor(level):
            return
        if level >= logging.WARNING:
            dropped = self.budget.passes()
            if dropped is None:
                return
            if kwargs.get("exc_info") and not self.logger.isEnabledFor(logging.DEBUG):
                # One line, not a traceback of a dozen: the traceback is there at DEBUG.
                kwargs.pop("exc_info")
                error = sys.exc_info()[1]
                if error is not None:
                    said = excerpt(str(error)).replace("%", "%%")
                    msg = f"{msg}: {type(error).__name__} {said}"
            if dropped:
                msg = f"{msg}{DROPPED}"
                args = (*args, dropped)
        self.logger.log(level, msg, *args, **kwargs)


def connection_logger(budget: LogBudget) -> logging.LoggerAdapter[logging.Logger]:
    """The logger to give websockets for the connections it serves (see _Rationed)."""
    return _Rationed(logging.getLogger("websockets.server"), budget)
