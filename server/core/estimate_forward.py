"""The forward look: a quick deterministic run of the present queue through the real policy.

From `now`, the counters that serve (open ones; paused ones after a typical pause) call in
turn whenever they are free, and each pick is `centre.policy.pick` on the heads of the lines
(server/core/lines.py), exactly as `CallNext` does, so the look agrees with the policy rather
than copying its rules. Every visit lasts its service's average observed today
(server/core/estimate_stats.py, starting from the configured default); visits in progress
end in the order they are due, spread over one average (see `desks`).
Visitors still to come join the lines at today's observed rates per service and class, evenly
spaced, and appointments booked for later today arrive at their time: priority visitors who
will overtake are counted before they exist.

`Waits.new` comes from zero-duration probe tickets, one per (service, class), put in the lines
at `now`: each records when it would be called and takes no counter's time, so one run
answers for every waiting ticket and every new one.

A service no open or paused counter serves is assumed served by the counters configured for
it (the clerks are coming, as before opening): they serve only such services in the look.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from server.core.estimate_stats import today
from server.core.hours import availability
from server.core.lines import LineKey, line_of, order
from server.core.model import Ticket
from server.core.waits import NewKey, Waits

if TYPE_CHECKING:
    from server.core.centre import Centre

# How far a look runs at most: in time, and in heads of lines the policy weighs (its cost:
# about 4 µs each, and a look runs on every queue change). Beyond, each line is taken to go
# on moving at the pace it had (`_beyond`).
HORIZON_S = 10 * 3600.0
BUDGET = 800
# A pause is assumed to last this long from its start, and to end no sooner than in a minute.
PAUSE_S = 10 * 60.0
MIN_PAUSE_LEFT_S = 60.0
# What a visitor is told is the median of the wait, not its mean: the median is what is as
# often too much as too little, so it errs least on average. The k-th of events that come at a
# steady random rate comes after (k - 1/3) intervals at the median, so the look puts the first
# arrival still to come and the first end of a visit in progress 2/3 of an interval out.
MEDIAN_FIRST = 2 / 3
PROBE = "\x00probe"
_FUTURE = "\x00next"


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
        if at_s > horizon_s or (budget is not None and weighed >= budget):
            break
        look.end_s = at_s
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
        if not picked.number.startswith(_FUTURE):
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
        number=f"{_FUTURE}{seq}",
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


def desks(centre: Centre, now: datetime, means: dict[str, float]) -> list[Desk]:
    """The counters of the look, in configuration order, and when each is free."""
    st = centre.state
    out: list[Desk] = []
    busy: list[tuple[float, float, Desk]] = []
    covered: set[str] = set()
    for cid, counter in centre.config.counters.items():
        cs = st.counters[cid]
        if cs.status == "closed":
            continue
        desk = Desk(cid, 0.0, tuple(counter.services))
        if cs.status == "paused":
            since = (now - cs.paused_at).total_seconds() if cs.paused_at else 0.0
            desk.free_s = max(MIN_PAUSE_LEFT_S, PAUSE_S - since)
        t = st.tickets.get(cs.ticket) if cs.ticket else None
        if t is not None:
            avg = means[t.service]
            began = t.served_at or t.called_at or now
            busy.append((avg - (now - began).total_seconds(), avg, desk))
        out.append(desk)
        covered.update(counter.services)
    # Visits in progress end in the order they are due, spread over one average: the k-th
    # of m after k/m of its average. Each taking what is left of its average would end
    # them together when they began together, a staircase of waits no real day has.
    busy.sort(key=lambda b: b[0])
    for k, (_, avg, desk) in enumerate(busy, 1):
        desk.free_s = max(desk.free_s, avg * (k - 1 + MEDIAN_FIRST) / len(busy))
    orphans = [sid for sid in centre.config.services if sid not in covered]
    for cid, counter in centre.config.counters.items():
        mine = tuple(sid for sid in counter.services if sid in orphans)
        if mine:
            out.append(Desk(cid, 0.0, mine))
    return out


def streams(
    centre: Centre, now: datetime, rates: dict[tuple[str, str | None], float]
) -> list[Stream]:
    """Walk-ins still to come per service and class, at `rates`, for services issuing now."""
    config, stopped = centre.config, centre.state.stopped
    issuing = {
        sid
        for sid, s in config.services.items()
        if sid not in stopped and availability(config, s, now).issuing
    }
    ordered = sorted(rates.items(), key=str)
    return [Stream(sid, p, 1 / rate) for (sid, p), rate in ordered if sid in issuing and rate > 0]


def booked_later(centre: Centre, now: datetime) -> list[Ticket]:
    """Appointments of today not yet checked in and not yet lapsed, as the tickets they become."""
    out = []
    for b in centre.state.bookings.values():
        if b.status != "booked" or b.start < now - timedelta(hours=1):
            continue
        if b.start.astimezone(centre.config.tz).date() != centre.state.day:
            continue
        out.append(
            Ticket(
                number=f"{_FUTURE}b{b.id}",
                service=b.service,
                priority=None,
                lang="",
                token="",
                taken_at=b.start,
                queued_at=b.start,
                booking=b.id,
                booked_for=b.start,
            )
        )
    return out


class Forward:
    """The forward look with the centre's averages, arrivals still to come and probes."""

    name = "forward"

    def waits(self, centre: Centre, now: datetime) -> Waits:
        seen = today(centre, now)
        means = seen.means
        probes = {
            (sid, p): Ticket(
                number=f"{PROBE}{sid}\x00{p or ''}",
                service=sid,
                priority=p,
                lang="",
                token="",
                taken_at=now,
                queued_at=now,
            )
            for sid in centre.config.services
            for p in [None, *centre.config.priorities]
        }
        waiting = [t for w in centre.waiting.values() for t in w.values()]

        def duration(t: Ticket) -> float:
            return 0.0 if t.number.startswith(PROBE) else means[t.service]

        look = run(
            centre,
            now,
            desks(centre, now, means),
            [*waiting, *probes.values()],
            duration,
            streams(centre, now, seen.rates),
            booked_later(centre, now),
            budget=BUDGET,
        )
        when = {number: round(s) for number, _, s in look.calls}
        when.update(_beyond(centre, look, means))
        tickets = {t.number: when[t.number] for t in waiting}
        new: dict[NewKey, int] = {k: when[p.number] for k, p in probes.items()}
        return Waits(tickets=tickets, new=new)


def _beyond(centre: Centre, look: Look, means: dict[str, float]) -> dict[str, int]:
    """Tickets the look did not reach: each line goes on moving as fast as it did in the
    look; a line that did not move at all, one visit per counter serving it from the look's
    end (from now, for a service no counter serves: it has no better answer)."""
    out: dict[str, int] = {}
    for key, line in look.lines.lines.items():
        moved = look.moved.get(key, 0)
        sid = key[0]
        step = look.end_s / moved if moved else means[sid] / centre.counters_serving(sid)
        start = look.end_s if sid in look.served else 0.0
        for j, t in enumerate(line):
            if not t.number.startswith(_FUTURE):
                out[t.number] = round(min(HORIZON_S, start + (j + 1) * step))
    return out
