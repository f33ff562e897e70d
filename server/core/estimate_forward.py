"""The forward look: a quick deterministic run of the present queue through the real policy
(the run itself: server/core/forward_look.py; here, what the centre looks like now).

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

from bisect import bisect_right
from datetime import datetime
from math import inf
from typing import TYPE_CHECKING

from server.core.booking import grace_end
from server.core.estimate_stats import today
from server.core.forward_look import FUTURE, HORIZON_S, MEDIAN_FIRST, Desk, Look, Stream, run
from server.core.lines import APPOINTMENTS, FRONT, LineKey
from server.core.model import Ticket
from server.core.waits import NewKey, Waits

if TYPE_CHECKING:
    from server.core.centre import Centre

# The cost of a look, in heads of lines the policy weighs (about 2 µs each, and a look runs
# on every queue change). Beyond, each service goes on at the pace it had (`_beyond`).
BUDGET = 800
# A pause is assumed to last this long from its start, and to end no sooner than in a minute.
PAUSE_S = 10 * 60.0
MIN_PAUSE_LEFT_S = 60.0
PROBE = "\x00probe"


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
    # of m after (k - 1/3)/m of its average (the median; see MEDIAN_FIRST). Each taking what
    # is left of its average would end them together when they began together, a staircase
    # of waits no real day has, and a visit that has run long is not over at once.
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
    issuing = {sid for sid in centre.config.services if centre.issuing(sid, now)}
    ordered = sorted(rates.items(), key=str)
    return [Stream(sid, p, 1 / rate) for (sid, p), rate in ordered if sid in issuing and rate > 0]


def booked_later(centre: Centre, now: datetime) -> list[Ticket]:
    """Appointments of today not yet checked in and not yet lapsed, as the tickets they become."""
    out = []
    services = centre.config.services
    for b in centre.state.bookings.values():
        s = services.get(b.service)
        if b.status != "booked" or s is None or now > grace_end(s, b.start):
            continue
        if b.start.astimezone(centre.config.tz).date() != centre.state.day:
            continue
        out.append(
            Ticket(
                number=f"{FUTURE}b{b.id}",
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
        # Passed-over remote tickets stand in no line until they check in: not in the look.
        waiting = [t for w in centre.waiting.values() for t in w.values() if not t.set_aside]

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
    """Tickets the look did not reach, roughly. A service goes on being served at the pace it
    had in the look (all its lines together: once its priority lines are empty the walk-ins
    get all of it), and a ticket follows those of its own line before it and, of the
    service's other lines of at least its weight (priority, appointment, sent to the front),
    those who came before it, the first of them called where the look stopped. A service no
    desk serves: one visit per counter that could, from now, for each."""
    weights = [p.weight for p in centre.config.priorities.values()]
    weight = {p.id: p.weight for p in centre.config.priorities.values()}
    top = max([1.0, *weights])
    # When each line's visitors queued (probes take no time: nobody waits behind one).
    queued: dict[LineKey, list[datetime]] = {}
    rank: dict[LineKey, float] = {}
    moved: dict[str, int] = {}
    for key, queue in look.lines.lines.items():
        queued[key] = [t.queued_at for t in queue if not t.number.startswith(PROBE)]
        kind = key[1]
        rank[key] = inf if kind == FRONT else top if kind == APPOINTMENTS else weight.get(kind, 1)
        moved[key[0]] = moved.get(key[0], 0) + look.moved.get(key, 0)
    out: dict[str, int] = {}
    for key, queue in look.lines.lines.items():
        sid = key[0]
        pace = moved[sid]
        step = look.end_s / pace if pace else means[sid] / centre.counters_serving(sid)
        # Where the look stopped the next call was due; a service nobody serves waits a visit.
        start = look.end_s if sid in look.served else step
        others = [
            x for k, x in queued.items() if k[0] == sid and k != key and x and rank[k] >= rank[key]
        ]
        for j, t in enumerate(queue):
            if not t.number.startswith(FUTURE):
                ahead = j + sum(bisect_right(x, t.queued_at) for x in others)
                out[t.number] = round(min(HORIZON_S, start + ahead * step))
    return out
