"""The engine of the forward look (server/core/estimate_forward.py): counters ("desks")
call in turn whenever they are free, each pick made by `centre.policy.pick` on the heads of
the lines — the lines kept as server/core/lines.py keeps them, so a policy sees what it
would see in `CallNext` — while visitors still to come join them. Deterministic: every
visit lasts what `duration_s` says; tests run it with exact lengths against the real Centre.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from server.core.lines import LineKey, line_of, order
from server.core.model import Ticket

if TYPE_CHECKING:
    from server.core.centre import Centre

# How far a look runs at most, in time.
HORIZON_S = 10 * 3600.0
# What a visitor is told is the median of the wait, not its mean: the median is what is as
# often too much as too little, so it errs least on average. The k-th of events that come at a
# steady random rate comes after (k - 1/3) intervals at the median, so the look puts the first
# arrival still to come (and estimate_forward.py the first end of a visit in progress) 2/3
# of an interval out.
MEDIAN_FIRST = 2 / 3
# Numbers of tickets the look makes up for visitors still to come.
FUTURE = "\x00next"


@dataclass
class Desk:
    """One counter in the look: when it is free, and the lines it may call from."""

    id: str
    free_s: float
    services: tuple[str, ...]


@dataclass(frozen=True)
class Stream:
    """Visitors still to come: one every `every_s` seconds (the first: see MEDIAN_FIRST)."""

    service: str
    priority: str | None
    every_s: float


@dataclass
class Look:
    """What a look found: the calls (ticket number, counter, seconds from now) in order, how
    far it ran, the lines as it left them, and how many each line moved on the way."""

    calls: list[tuple[str, str, float]]
    end_s: float
    lines: _Lines
    moved: dict[LineKey, int]
    # The services some desk of the look serves.
    served: set[str]


def run(
    centre: Centre,
    now: datetime,
    desks: list[Desk],
    waiting: Iterable[Ticket],
    duration_s: Callable[[Ticket], float],
    streams: Iterable[Stream] = (),
    booked: Iterable[Ticket] = (),
    horizon_s: float = HORIZON_S,
    budget: int | None = None,
) -> Look:
    """Run the look until every ticket in `waiting` is called, or the horizon, or the
    policy has weighed `budget` heads of lines (the cost of a look). `booked` are
    appointments that will check in at their booked time; `streams` make walk-ins still to
    come."""
    config, policy, priorities = centre.config, centre.policy, centre.config.priorities
    lines = _Lines()
    served = {sid for d in desks for sid in d.services}
    pending = 0
    for t in sorted(waiting, key=order):
        lines.join(t)
        # Nobody will call a ticket of a service no desk serves: the look does not wait for it.
        pending += t.service in served
    # Later arrivals, merged by time: (seconds, tiebreak, ticket or stream index).
    coming: list[tuple[float, int, Ticket | int]] = []
    for b in booked:
        assert b.booked_for is not None
        coming.append((max(0.0, (b.booked_for - now).total_seconds()), len(coming), b))
    stream_list = list(streams)
    for i, s in enumerate(stream_list):
        coming.append((s.every_s * MEDIAN_FIRST, len(coming), i))
    heapq.heapify(coming)
    seq = len(coming)
    heap = [(d.free_s, i) for i, d in enumerate(desks)]
    heapq.heapify(heap)
    look = Look(calls=[], end_s=0.0, lines=lines, moved={}, served=served)
    calls, moved = look.calls, look.moved
    weighed = 0
    while pending and heap:
        at_s, i = heapq.heappop(heap)
        # Where the look is: when it stops early, the moment the next call was due.
        look.end_s = min(at_s, horizon_s)
        if at_s > horizon_s or (budget is not None and weighed >= budget):
            break
        while coming and coming[0][0] <= at_s:
            when, _, what = heapq.heappop(coming)
            if isinstance(what, int):
                heapq.heappush(coming, (when + stream_list[what].every_s, seq, what))
                seq += 1
                what = _walk_in(stream_list[what], now + timedelta(seconds=when), seq)
            lines.join(what)
        desk = desks[i]
        heads = lines.heads(desk.services)
        at = now + timedelta(seconds=at_s)
        weighed += len(heads)
        picked = policy.pick(heads, config.counters[desk.id], priorities, at) if heads else None
        if picked is None:
            wake = _next_chance(heads, coming, stream_list, desk, now, at)
            if wake is not None:
                heapq.heappush(heap, (wake, i))
            continue
        key = lines.leave(picked)
        moved[key] = moved.get(key, 0) + 1
        if not picked.number.startswith(FUTURE):
            calls.append((picked.number, desk.id, at_s))
            pending -= 1
        heapq.heappush(heap, (at_s + duration_s(picked), i))
    return look


class _Lines:
    """The look's own lines, keyed like server/core/lines.py, with their keys per service."""

    def __init__(self) -> None:
        self.lines: dict[LineKey, deque[Ticket]] = {}
        self.keys: dict[str, list[LineKey]] = {}

    def join(self, t: Ticket) -> None:
        key = line_of(t)
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = deque()
            self.keys.setdefault(key[0], []).append(key)
        if line and order(t) < order(line[-1]):
            # An appointment arriving at its time behind one checked in early for a later
            # time: keep the line in serving order, as server/core/lines.py does.
            line.append(t)
            self.lines[key] = deque(sorted(line, key=order))
        else:
            line.append(t)

    def leave(self, t: Ticket) -> LineKey:
        # A policy only ever picks a head.
        key = line_of(t)
        self.lines[key].popleft()
        return key

    def heads(self, services: Iterable[str]) -> list[Ticket]:
        lines = self.lines
        return [
            line[0] for sid in services for key in self.keys.get(sid, ()) if (line := lines[key])
        ]


def _walk_in(s: Stream, at: datetime, seq: int) -> Ticket:
    return Ticket(
        number=f"{FUTURE}{seq}",
        service=s.service,
        priority=s.priority,
        lang="",
        token="",
        taken_at=at,
        queued_at=at,
    )


def _next_chance(
    heads: list[Ticket],
    coming: list[tuple[float, int, Ticket | int]],
    streams: list[Stream],
    desk: Desk,
    now: datetime,
    at: datetime,
) -> float | None:
    """When an idle desk may find someone: an appointment's time, or the next arrival."""
    times = [(t.queued_at - now).total_seconds() for t in heads if t.queued_at > at]
    for when, _, what in coming:
        service = streams[what].service if isinstance(what, int) else what.service
        if service in desk.services:
            times.append(when)
    return min(times, default=None)
