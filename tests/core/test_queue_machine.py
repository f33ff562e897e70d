"""A hypothesis state machine that runs a small centre through random days of work.

It plays the server: before each command it starts the new service day when the local date
has changed, then executes the command at an explicit UTC instant. Time only moves forward,
across Riga midnights and both 2026 DST changes. After every step it checks what a visitor or
a clerk would notice: numbers never repeat within a day and count up from 001, no ticket is
lost or served twice, the waiting counts are true, counters hold only their own live ticket,
rejected commands change nothing, the log replays to the same state, a snapshot continues
identically, and the accumulating policy never lets anybody be overtaken unboundedly.
"""

from __future__ import annotations

from collections import Counter as Tally
from datetime import UTC, date, datetime, time, timedelta

import msgspec
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.centre import Centre
from server.core.model import State
from server.core.numbering import service_day
from server.core.waits import Waits
from tests.core.derived import queue
from tests.core.queue_world import (
    AFTER,
    BEFORE,
    CONFIG,
    DST_CHANGES,
    RIGA,
    STARTS,
    R,
    counters,
    encode,
    picks,
    priorities,
    sensible,
    services,
)


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.centre = Centre(CONFIG)
        self.restored: Centre | None = None  # restarted from a snapshot, fed the same commands
        self.now = STARTS[0]
        self.log: list[bytes] = []
        self.live_waits: tuple[datetime, int, Waits] | None = None
        self.issued: set[tuple[date, str]] = set()
        self.day: date | None = None
        self.status: dict[str, str] = {}  # today's tickets as the events tell it
        self.last: dict[str, int] = {}
        self.served: Tally[str] = Tally()
        self.stopped: set[str] = set()  # services a manager stopped (across days)

    # ---- driving -------------------------------------------------------------------------

    def prepare(self) -> None:
        if self.centre.needs_roll(self.now):
            assert self.commit(c.RollDay()) is not None

    def execute(self, cmd: c.AnyCommand) -> list[ev.AnyEvent] | None:
        self.prepare()
        return self.commit(cmd)

    def commit(self, cmd: c.AnyCommand) -> list[ev.AnyEvent] | None:
        assert self.now.tzinfo is UTC
        before, lines = encode(self.centre), queue(self.centre)
        try:
            events = self.centre.decide(cmd, self.now)
        except err.DomainError as e:
            assert (encode(self.centre), queue(self.centre)) == (before, lines), cmd
            if self.restored is not None:
                with pytest.raises(type(e)) as again:
                    self.restored.decide(cmd, self.now)
                assert again.value.message == e.message
            return None
        assert encode(self.centre) == before, f"decide changed the state: {cmd}"
        if self.restored is not None:
            assert self.restored.decide(cmd, self.now) == events
        for event in events:
            self.check_event(event)
            self.centre.apply(event)
            if self.restored is not None:
                self.restored.apply(event)
            self.log.append(ev.encode(event))
        return events

    def check_event(self, e: ev.AnyEvent) -> None:
        if isinstance(e, ev.DayRolled):
            assert e.day == service_day(e.at, RIGA)
            assert self.day is None or e.day > self.day
            self.day, self.status, self.last, self.served = e.day, {}, {}, Tally()
        elif isinstance(e, ev.TicketTaken):
            day = service_day(e.at, RIGA)
            assert day == self.day, "a ticket from another day than the current one"
            assert (day, e.ticket) not in self.issued, f"{e.ticket} issued twice on {day}"
            assert e.service not in self.stopped, f"{e.ticket} issued while stopped"
            self.issued.add((day, e.ticket))
            n = self.last.get(e.service, 0) + 1
            assert e.ticket == f"{CONFIG.services[e.service].prefix}{n:03d}"
            self.last[e.service] = n
            self.status[e.ticket] = "waiting"
        elif type(e) in BEFORE:
            was = self.status[e.ticket]  # type: ignore[union-attr]
            allowed = ("called",) if getattr(e, "recall", False) else BEFORE[type(e)]
            assert was in allowed, f"{type(e).__name__} of a ticket that is {was}"
            self.status[e.ticket] = AFTER[type(e)]  # type: ignore[union-attr]
            if isinstance(e, ev.TicketFinished):
                self.served[e.counter] += 1
            if isinstance(e, ev.TicketTransferred):
                assert e.service not in self.stopped, f"{e.ticket} sent to a stopped service"
        elif isinstance(e, ev.IssuingStopped):
            self.stopped.add(e.service)
        elif isinstance(e, ev.IssuingResumed):
            self.stopped.discard(e.service)

    def ticket(self, pick: int, status: str | None = None) -> str:
        """A ticket of today with `status` (when there is one), else any number, even unknown."""
        tickets = self.centre.state.tickets.values()
        numbers = sorted(t.number for t in tickets if t.status == status)
        numbers = numbers or [*sorted(self.centre.state.tickets), "A999", "Z001"]
        return numbers[pick % len(numbers)]

    def counter(self, pick: int, sensible: bool, *statuses: str, busy: bool = False) -> str:
        """Mostly a counter in one of `statuses` (holding a ticket or not, as `busy` says), so
        that work gets done; otherwise any counter, so that refusals get tested too."""
        fits = [
            cid
            for cid, cs in self.centre.state.counters.items()
            if cs.status in statuses and (cs.ticket is not None) == busy
        ]
        waiting = {t.service for t in self.centre.state.tickets.values() if t.status == "waiting"}
        # Of those, prefer counters that have someone to call.
        useful = [cid for cid in fits if waiting & set(CONFIG.counters[cid].services)]
        options = (useful or fits) if sensible and fits else sorted(CONFIG.counters)
        return options[pick % len(options)]

    # ---- rules ---------------------------------------------------------------------------

    @initialize(start=st.sampled_from(STARTS), opened=st.sets(counters))
    def start(self, start: datetime, opened: set[str]) -> None:
        self.now = start
        for counter in sorted(opened):
            assert self.execute(c.OpenCounter(counter=counter, clerk=counter)) is not None

    @rule(
        seconds=st.one_of(st.just(0), st.integers(1, 900), st.integers(1, 900)),
        jump=st.sampled_from([None, None, None, None, "hours", "midnight", "dst"]),
        offset=st.integers(-1800, 1800),
        arrivals=st.lists(st.tuples(services, priorities), max_size=2),
    )
    def clock(
        self, seconds: int, jump: str | None, offset: int, arrivals: list[tuple[str, str | None]]
    ) -> None:
        """Mostly minutes pass, sometimes hours, or we jump near the next midnight or DST change;
        meanwhile visitors may arrive."""
        if jump is None:
            self.now += timedelta(seconds=seconds)
        else:
            local = self.now.astimezone(RIGA)
            midnight = datetime.combine(local.date() + timedelta(days=1), time(0), RIGA)
            midnight = midnight.astimezone(UTC)
            target = {
                "hours": self.now + timedelta(hours=2),
                "midnight": midnight,
                "dst": min([t for t in DST_CHANGES if t > self.now] or [midnight]),
            }[jump]
            self.now = max(self.now, target + timedelta(seconds=offset))
        for service, priority in arrivals:
            self.execute(c.TakeTicket(service=service, priority=priority, token="t", device="k1"))

    @rule(
        service=services,
        priority=priorities,
        visitors=st.integers(0, 3),
        pick=picks,
        sensible=sensible,
    )
    def visitors(
        self, service: str, priority: str | None, visitors: int, pick: int, sensible: bool
    ) -> None:
        """One to three visitors tap the kiosk at the same instant, or one gives up."""
        self.prepare()
        if visitors == 0:
            number = self.ticket(pick, "waiting" if sensible else None)
            self.execute(c.Cancel(ticket=number, by="visitor"))
        for _ in range(visitors):
            self.execute(c.TakeTicket(service=service, priority=priority, token="t", device="k1"))

    @rule(
        how=st.sampled_from(["next", "next", "next", "next_auto_open", "waiting", "no_show"]),
        pick=picks,
        sensible=sensible,
    )
    def call(self, how: str, pick: int, sensible: bool) -> None:
        """Call the next visitor, or a specific ticket (a skipped visitor who came back)."""
        self.prepare()
        if how == "next_auto_open":
            self.call_next(self.counter(pick, sensible, "closed"), auto_open=True)
            return
        counter = self.counter(pick, sensible, "open")
        if how == "next":
            self.call_next(counter, auto_open=False)
        else:
            number = self.ticket(pick // 7, how if sensible else None)
            self.execute(c.CallTicket(counter=counter, ticket=number))

    def call_next(self, counter: str, auto_open: bool) -> None:
        served = CONFIG.counters[counter].services
        tickets = self.centre.state.tickets.values()
        waiting = [t for t in tickets if t.status == "waiting" and t.service in served]
        eligible = [(t.number, t.queued_at, t.front) for t in waiting]
        cs = self.centre.state.counters[counter]
        can_call = cs.ticket is None and (
            cs.status == "open" or (cs.status == "closed" and auto_open)
        )
        events = self.execute(c.CallNext(counter=counter, auto_open=auto_open))
        assert (events is not None) == can_call
        called = [e for e in events or () if isinstance(e, ev.TicketCalled)]
        assert bool(called) == (can_call and bool(eligible)), "people wait, nobody is called"
        if called:
            self.check_fair(called[0].ticket, eligible)

    def check_fair(self, picked: str, eligible: list[tuple[str, datetime, bool]]) -> None:
        """The invariant of policy.py: Y passes X only when w_y >= w_x / R (front aside)."""
        front = {number for number, _, is_front in eligible if is_front}
        if front:
            assert picked in front, "a ticket sent to the front was passed"
            return
        waited = {number: (self.now - at).total_seconds() for number, at, _ in eligible}
        w_y = waited[picked]
        for number, w_x in waited.items():
            assert w_y * R >= w_x * (1 - 1e-9), f"{picked} ({w_y}s) passed {number} ({w_x}s)"

    @rule(
        verb=st.sampled_from(["recall", "start", "finish", "no_show", "transfer", "transfer"]),
        pick=picks,
        sensible=sensible,
        service=services,
        keep=st.booleans(),
    )
    def handle(self, verb: str, pick: int, sensible: bool, service: str, keep: bool) -> None:
        """A clerk acts on a ticket: mostly the one their counter holds (calling one first if
        no counter holds any)."""
        self.prepare()
        counter = self.counter(pick, sensible, "open", busy=True)
        if sensible and self.centre.state.counters[counter].ticket is None:
            counter = self.counter(pick, True, "open")
            self.call_next(counter, auto_open=False)
        held = self.centre.state.counters[counter].ticket
        t = held if sensible and held else self.ticket(pick // 7)
        verbs: dict[str, c.AnyCommand] = {
            "recall": c.Recall(counter=counter, ticket=t),
            "start": c.StartServing(counter=counter, ticket=t),
            "finish": c.Finish(counter=counter, ticket=t),
            "no_show": c.NoShow(counter=counter, ticket=t),
            "transfer": c.Transfer(counter=counter, ticket=t, service=service, keep_arrival=keep),
        }
        self.execute(verbs[verb])

    @rule(
        action=st.sampled_from(["open", "open", "pause", "resume", "close"]),
        pick=picks,
        sensible=sensible,
        clerk=st.sampled_from(["ann", "ben", None]),
    )
    def counter_admin(self, action: str, pick: int, sensible: bool, clerk: str | None) -> None:
        """Clerks sign in (perhaps at a counter someone else holds), pause, resume, sign out."""
        self.prepare()
        statuses = {"open": ("closed",), "pause": ("open",), "resume": ("paused",)}
        counter = self.counter(pick, sensible, *statuses.get(action, ("open", "paused")))
        actions: dict[str, c.AnyCommand] = {
            "open": c.OpenCounter(counter=counter, clerk=clerk),
            "pause": c.Pause(counter=counter, reason="coffee"),
            "resume": c.Resume(counter=counter),
            "close": c.CloseCounter(counter=counter),
        }
        self.execute(actions[action])

    @rule(service=services, stop=st.booleans())
    def manager(self, service: str, stop: bool) -> None:
        """A manager stops a service's tickets or resumes them (refused only for a service
        the centre does not have); the people waiting stay in line and are called as before."""
        cmd: c.AnyCommand = (
            c.StopIssuing(service=service, reason="", by="m1")
            if stop
            else c.ResumeIssuing(service=service, by="m1")
        )
        done = self.execute(cmd)
        assert (done is not None) == (service in CONFIG.services)
        assert (service in self.centre.state.stopped) == (stop and done is not None)

    @rule()
    def restart_from_snapshot(self) -> None:
        state = msgspec.json.decode(encode(self.centre), type=State)
        self.restored = Centre(CONFIG, state)

    # ---- invariants ----------------------------------------------------------------------

    @invariant()
    def every_ticket_of_the_day_is_there(self) -> None:
        tickets = self.centre.state.tickets
        assert {n: t.status for n, t in tickets.items()} == self.status
        assert self.centre.state.last_number == self.last
        for t in tickets.values():
            assert (t.status == "waiting") == (t.number in self.centre.waiting[t.service])
            if t.status == "waiting":
                assert t.counter is None and t.called_at is None
            if t.status in ("done", "no_show", "cancelled"):
                assert t.ended_at is not None

    @invariant()
    def waiting_counts_are_true(self) -> None:
        recount = Tally(
            t.service for t in self.centre.state.tickets.values() if t.status == "waiting"
        )
        assert {sid: n for sid, (n, _) in queue(self.centre).items()} == {
            sid: recount[sid] for sid in CONFIG.services
        }

    @invariant()
    def counters_hold_only_their_own_live_ticket(self) -> None:
        st_ = self.centre.state
        holders = Tally(cs.ticket for cs in st_.counters.values() if cs.ticket is not None)
        assert all(n == 1 for n in holders.values()), f"a ticket at two counters: {holders}"
        for cid, cs in st_.counters.items():
            assert cs.served_today == self.served[cid]
            if cs.ticket is not None:
                t = st_.tickets[cs.ticket]
                assert t.status in ("called", "serving") and t.counter == cid
                assert cs.status == "open", f"a {cs.status} counter holds {cs.ticket}"
        for t in st_.tickets.values():
            if t.status in ("called", "serving"):
                assert t.counter is not None and st_.counters[t.counter].ticket == t.number

    def waits(self) -> Waits:
        """The live centre's waits now, computed once per step for both invariants that
        compare them (its state changes only through an event, which lengthens the log): the
        forward look is the costliest call here."""
        if self.live_waits is None or self.live_waits[:2] != (self.now, len(self.log)):
            self.live_waits = (self.now, len(self.log), self.centre.waits(self.now))
        return self.live_waits[2]

    @invariant()
    def the_log_replays_to_the_same_state(self) -> None:
        # A fresh centre each time: one that never computed a wait or decided anything, so
        # that the comparison also shows those leave the live centre as its log says.
        fresh = Centre(CONFIG)
        for data in self.log:
            fresh.apply(ev.decode(data))
        assert encode(fresh) == encode(self.centre)
        assert queue(fresh) == queue(self.centre)
        # Estimates read sums kept as events are applied: the replay's are the live ones.
        assert fresh.waits(self.now) == self.waits()

    @invariant()
    def a_restored_snapshot_stays_identical(self) -> None:
        if self.restored is not None:
            assert encode(self.restored) == encode(self.centre)
            assert queue(self.restored) == queue(self.centre)
            assert self.restored.waits(self.now) == self.waits()


TestQueueMachine = QueueMachine.TestCase
TestQueueMachine.settings = settings(
    max_examples=300,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
