"""Sign-in lockout: after `attempts` wrong PINs in a row for one clerk id, that id is refused
for `lockout` without even checking the PIN. A four-digit PIN behind a 0.1 s scrypt is still
only 10,000 guesses; this makes guessing one take weeks instead of minutes.

Kept in memory on purpose: it is not a queue event, and a restart (which a guesser cannot
cause) clearing it is acceptable. Unknown clerk ids are counted like known ones, so the
answers never reveal which ids exist. Times come from the server's clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class PinLockout:
    attempts: int
    lockout: timedelta
    _failures: dict[str, int] = field(default_factory=dict)
    _until: dict[str, datetime] = field(default_factory=dict)

    def locked_for_s(self, clerk: str, now: datetime) -> int:
        """Seconds this clerk id stays locked (0 = may try)."""
        until = self._until.get(clerk)
        if until is None:
            return 0
        if now >= until:
            del self._until[clerk]
            return 0
        return math.ceil((until - now).total_seconds())

    def attempt(self, clerk: str, now: datetime) -> None:
        """Count a try as failed before its PIN is checked (`succeeded` undoes that), so
        tries racing in from several connections cannot slip past the limit together."""
        n = self._failures.get(clerk, 0) + 1
        if n >= self.attempts:
            self._until[clerk] = now + self.lockout
            n = 0
        self._failures[clerk] = n

    def succeeded(self, clerk: str) -> None:
        self._failures.pop(clerk, None)
        self._until.pop(clerk, None)
