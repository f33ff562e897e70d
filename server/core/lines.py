"""The waiting tickets, kept two ways: per service (counts, "people ahead"), and per line —
one line per service and priority category, plus one per service for tickets sent to the
front — each in the order it is served, so a policy only ever compares the heads of lines.

Within a line every ticket has the same weight, so the oldest has the largest claim under
every policy: the head is the only candidate that line can offer. That keeps `call_next`
proportional to the number of lines, not to the number of people waiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from server.core.model import Ticket

LineKey = tuple[str, str]
APPOINTMENTS = "\x00appointment"
FRONT = "\x00front"
# Remote tickets not here yet: a line of their own, so one not here never hides those behind
# it (call_next passes it over, server/core/remote.py). Set-aside ones (passed over) are in
# no line, but still counted per service: they are waiting, for their check-in.
REMOTE = "\x00remote"


def line_of(t: Ticket) -> LineKey:
    if t.front:
        return (t.service, FRONT)
    if t.absent:
        return (t.service, REMOTE)
    # Appointments have a weight of their own (core/policy.py), so a line of their own.
    return (t.service, APPOINTMENTS if t.booking else t.priority or "")


def order(t: Ticket) -> tuple[datetime, datetime, str]:
    return (t.queued_at, t.taken_at, t.number)


def arrival_order(t: Ticket) -> tuple[bool, datetime, str]:
    """The order "people ahead" counts in: tickets sent to the front first, then by the time
    they queue from (priority visitors may still overtake: that is the policy's business)."""
    return (not t.front, t.queued_at, t.number)


class WaitingLines:
    def __init__(self, services: Iterable[str], tickets: Iterable[Ticket] = ()) -> None:
        self.by_service: dict[str, dict[str, Ticket]] = {sid: {} for sid in services}
        self._lines: dict[LineKey, dict[str, Ticket]] = {}
        self._services_lines: dict[str, set[LineKey]] = {sid: set() for sid in self.by_service}
        waiting = [t for t in tickets if t.service in self.by_service]
        for t in waiting:
            self.by_service[t.service][t.number] = t
        for t in sorted(waiting, key=order):
            if not t.set_aside:
                self._queue(t)

    def add(self, t: Ticket) -> None:
        self.by_service[t.service][t.number] = t
        self._queue(t)

    def _queue(self, t: Ticket) -> None:
        key = line_of(t)
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = {}
            self._services_lines[t.service].add(key)
        if line and order(t) < order(next(reversed(line.values()))):
            # Out of order (kept its arrival through a transfer, or the clock stepped back):
            # rebuild this one line in serving order. Rare, and lines are short.
            ordered = sorted([*line.values(), t], key=order)
            line.clear()
            line.update((x.number, x) for x in ordered)
        else:
            line[t.number] = t

    def remove(self, t: Ticket) -> None:
        self.by_service[t.service].pop(t.number, None)
        self._lines.get(line_of(t), {}).pop(t.number, None)

    def set_aside(self, t: Ticket) -> None:
        """Out of its line, still waiting (a remote ticket passed over, until it checks in)."""
        self._lines.get(line_of(t), {}).pop(t.number, None)

    def behind(self, t: Ticket) -> Ticket | None:
        """The ticket after `t` in its line, if any."""
        numbers = iter(self._lines.get(line_of(t), {}).items())
        for number, _ in numbers:
            if number == t.number:
                return next((x for _, x in numbers), None)
        return None

    def appointments(self, service: str) -> list[Ticket]:
        """The checked-in appointments of `service` still waiting, by booked time."""
        return list(self._lines.get((service, APPOINTMENTS), {}).values())

    def clear(self) -> None:
        for w in self.by_service.values():
            w.clear()
        self._lines.clear()
        for keys in self._services_lines.values():
            keys.clear()

    def heads(self, services: Iterable[str]) -> Iterator[Ticket]:
        for sid in services:
            for key in self._services_lines[sid]:
                line = self._lines[key]
                if line:
                    yield next(iter(line.values()))
