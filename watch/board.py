"""What the watch shows, free of Textual: each centre's last good reading and how its last
attempt went, and the few figures a row holds, worked out from a `Live`.

A centre whose last attempt failed shows why and when it was last read, never the old figures
as if they were now's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from server.protocol.live import Live, LiveService
from watch.fetch import Failure


@dataclass(frozen=True)
class Seen:
    """One centre as last seen: `failure` None and `live` set once a read succeeded."""

    live: Live | None = None
    read_at: datetime | None = None  # when `live` was read
    failure: Failure | None = None  # how the last attempt went wrong (None: it went well)

    @property
    def current(self) -> Live | None:
        """The figures, if the last attempt read them."""
        return self.live if self.failure is None else None


@dataclass(frozen=True)
class Board:
    # Every centre of the watch list, in its order; a centre not read yet is `Seen()`.
    centres: dict[str, Seen] = field(default_factory=dict)

    @classmethod
    def of(cls, names: list[str]) -> Board:
        return cls({name: Seen() for name in names})

    def read(self, name: str, answer: Live | Failure, at: datetime) -> Board:
        before = self.centres.get(name, Seen())
        if isinstance(answer, Failure):
            seen = replace(before, failure=answer)
        else:
            seen = Seen(live=answer, read_at=at)
        return Board({**self.centres, name: seen})


@dataclass(frozen=True)
class Worst:
    """The service whose longest wait stands worst against its target."""

    service: str
    longest_s: int
    target_s: int

    @property
    def over(self) -> bool:
        return 0 < self.target_s < self.longest_s


def waiting(live: Live) -> int:
    return sum(s.waiting for s in live.services.values())


def worst(live: Live) -> Worst | None:
    """The service furthest over (or least under) its target; None if nobody waits. A service
    without a target ranks by its wait alone, after every service that has one."""

    def badness(item: tuple[str, LiveService]) -> tuple[int, float]:
        s = item[1]
        return (1, s.longest_wait_s / s.target_s) if s.target_s else (0, s.longest_wait_s)

    waited = [(sid, s) for sid, s in live.services.items() if s.waiting]
    if not waited:
        return None
    sid, s = max(waited, key=badness)
    return Worst(sid, s.longest_wait_s, s.target_s)
