"""Sign-in lockout: slows a PIN guesser down at the counter they use, without locking the real
clerk out of the others.

Signing in needs a counter's device token, so a guesser sits at (or holds the token of) one
counter. Two limits, both per counter:

- **Per (counter, clerk id).** After `attempts` wrong PINs in a row for one clerk id at one
  counter, that pair is refused for `lockout`; each further lockout of the same pair lasts
  twice as long as the one before (5, 10, 20, 40 min … up to `cap`, 8 h). A correct PIN at
  that pair resets it. The same clerk signs in normally at any other counter, so a guesser can
  no longer lock a clerk out of the whole centre (issue 11, attack 7).
- **Per counter, all clerk ids together:** a token bucket of wrong PINs, `budget` of them
  (2 × `attempts`, 10 by default) at once, then one more every `refill` (30 min). It stops a
  guesser who rotates through clerk ids to stay under the per-pair limit, or to push the pairs
  they locked out of the table. 10 is two clerks' worth of typos before a lockout on one bad
  morning — honest counters never come near it — and one wrong PIN per 30 min (48 a day)
  is far above what a counter sees when nobody guesses. Once it is spent, every sign-in at
  that counter is refused until the next wrong PIN is allowed.

What that leaves a guesser (docs/deploy.md has the figures): with 6-digit PINs, one counter
and both limits, guessing one clerk's PIN is expected to take decades.

A try is counted as wrong BEFORE its PIN is checked (`succeeded` undoes that), so tries racing
in from several connections cannot slip past the limits together, and a refused try never
reaches the slow scrypt check (32 MiB, 0.1 s): a guesser cannot make the server run it without
limit. Unknown clerk ids are counted like known ones, so the answers never reveal which ids
exist. At most `per_counter` clerk ids are remembered per counter (the newest kept); the
counters are those of the config, so memory is bounded.

Kept in memory on purpose: it is not a queue event, and a restart (which a guesser cannot
cause) clearing it is acceptable. Pure: times come in from the server's clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# The longest lockout of one (counter, clerk id) pair, however often it is locked again.
CAP = timedelta(hours=8)
# The per-counter budget of wrong PINs regains one this often.
REFILL = timedelta(minutes=30)
# Clerk ids remembered per counter; the oldest is forgotten first.
PER_COUNTER = 100


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused without checking its PIN, and for how long."""

    seconds: int
    # True: the counter's budget is spent (every clerk id); False: this clerk id here.
    whole_counter: bool

    @property
    def minutes(self) -> int:
        return -(-self.seconds // 60)


@dataclass(frozen=True)
class Lock:
    """A lockout that a try begins if its PIN turns out wrong (for the operator's log)."""

    counter: str
    clerk: str
    # How long; for the whole counter, until the next wrong PIN is allowed.
    length: timedelta
    whole_counter: bool
    # The how-many-th lockout of this pair in a row (0 for the whole counter).
    strike: int = 0

    @property
    def minutes(self) -> int:
        return math.ceil(self.length.total_seconds() / 60)


@dataclass
class _Pair:
    failures: int = 0  # wrong PINs in a row since the last lockout or success
    strikes: int = 0  # lockouts in a row
    until: datetime | None = None


@dataclass
class _Counter:
    # Token bucket as a "debt" instant (GCRA): each wrong PIN adds `refill`; a try is allowed
    # while the debt ahead of now stays within `budget` wrong PINs. Exact timedelta arithmetic.
    debt_until: datetime | None = None
    pairs: dict[str, _Pair] = field(default_factory=dict)


@dataclass
class PinLockout:
    attempts: int
    lockout: timedelta
    cap: timedelta = CAP
    budget: int = 0  # 0: 2 × attempts
    refill: timedelta = REFILL
    per_counter: int = PER_COUNTER
    _counters: dict[str, _Counter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.budget <= 0:
            self.budget = 2 * self.attempts
        self.cap = max(self.cap, self.lockout)

    def refusal(self, counter: str, clerk: str, now: datetime) -> Refusal | None:
        """Why this try is refused before its PIN is checked, or None: it may try."""
        c = self._counters.get(counter)
        if c is None:
            return None
        pair = c.pairs.get(clerk)
        if pair is not None and pair.until is not None:
            if now < pair.until:
                return Refusal(math.ceil((pair.until - now).total_seconds()), False)
            pair.until = None
        if c.debt_until is not None:
            over = c.debt_until - now - (self.budget - 1) * self.refill
            if over > timedelta(0):
                return Refusal(math.ceil(over.total_seconds()), True)
        return None

    def attempt(self, counter: str, clerk: str, now: datetime) -> list[Lock]:
        """Count a try as wrong before its PIN is checked (call after `refusal` said None).
        Returns the lockouts it began: log them if the PIN was indeed wrong."""
        c = self._counters.setdefault(counter, _Counter())
        locks: list[Lock] = []
        start = now if c.debt_until is None else max(c.debt_until, now)
        c.debt_until = start + self.refill
        wait = c.debt_until - now - (self.budget - 1) * self.refill
        if wait > timedelta(0):
            locks.append(Lock(counter, clerk, wait, True))
        pair = c.pairs.pop(clerk, None) or _Pair()
        c.pairs[clerk] = pair  # newest last
        if len(c.pairs) > self.per_counter:
            del c.pairs[next(iter(c.pairs))]
        pair.failures += 1
        if pair.failures >= self.attempts:
            pair.failures = 0
            pair.strikes += 1
            length = min(self.lockout * 2 ** min(pair.strikes - 1, 30), self.cap)
            pair.until = now + length
            locks.append(Lock(counter, clerk, length, False, pair.strikes))
        return locks

    def succeeded(self, counter: str, clerk: str) -> None:
        """The PIN was right: forget the pair, and give back the wrong PIN `attempt` took."""
        c = self._counters.get(counter)
        if c is None:
            return
        c.pairs.pop(clerk, None)
        if c.debt_until is not None:
            c.debt_until -= self.refill
