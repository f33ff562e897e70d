"""How each committed event changes the state: the `apply` half of the queue machine
(server/core/centre.py decides; this folds). Used live and when replaying the log, so it must
accept every event ever written, and never raise for one that was valid when written."""

from __future__ import annotations

from server.config import CentreConfig
from server.core import events as ev
from server.core.appointments import Appointments
from server.core.estimate import updated_average
from server.core.lines import WaitingLines
from server.core.model import Rating, State, Ticket

RECENT_CALLS = 20


def fold(
    st: State,
    config: CentreConfig,
    lines: WaitingLines,
    appointments: Appointments,
    e: ev.AnyEvent,
) -> None:
    match e:
        case ev.DayRolled():
            # The log keeps yesterday; the state keeps only what today's queue needs.
            st.day = e.day
            st.last_number = {}
            st.tickets = {}
            st.recent_calls = []
            st.served_by_clerk = {}
            st.ratings = {}
            lines.clear()
            appointments.new_day(e.day)
            for cs in st.counters.values():
                cs.ticket = None
                cs.served_today = 0
        case ev.TicketTaken():
            s = config.services[e.service]
            t = Ticket(
                number=e.ticket,
                service=e.service,
                priority=e.priority,
                lang=e.lang,
                token=e.token,
                taken_at=e.at,
                # An appointment queues from its booked time, early or late (core/policy.py).
                queued_at=e.booked_for or e.at,
                booking=e.booking,
                booked_for=e.booked_for,
                remote=e.remote,
                code=e.code,
            )
            st.tickets[t.number] = t
            if e.booking is not None:
                appointments.checked_in(e.booking, t.number)
            st.last_number[e.service] = int(e.ticket[len(s.prefix) :])
            lines.add(t)
        case ev.TicketCalled():
            t = st.tickets[e.ticket]
            lines.remove(t)
            if t.absent:
                # Called by number at a counter (call_ticket): the visitor is evidently here.
                t.arrived_at = e.at
            if not e.recall:
                t.called_at = e.at
            t.recalls = t.recalls + 1 if e.recall else 0
            t.status, t.counter = "called", e.counter
            t.calls += 1
            st.counters[e.counter].ticket = t.number
            st.recent_calls.insert(0, (t.number, e.counter, e.at))
            del st.recent_calls[RECENT_CALLS:]
        case ev.ServingStarted():
            t = st.tickets[e.ticket]
            t.status, t.served_at = "serving", e.at
        case ev.TicketFinished():
            t = st.tickets[e.ticket]
            t.status, t.ended_at = "done", e.at
            cs = st.counters[e.counter]
            cs.ticket = None
            cs.served_today += 1
            if cs.clerk is not None:
                st.served_by_clerk[cs.clerk] = st.served_by_clerk.get(cs.clerk, 0) + 1
            stats = st.stats[t.service]
            began = t.served_at or t.called_at or e.at
            stats.avg_service_s = updated_average(
                stats.avg_service_s, (e.at - began).total_seconds()
            )
            stats.served += 1
        case ev.TicketNoShow():
            t = st.tickets[e.ticket]
            t.status, t.ended_at = "no_show", e.at
            st.counters[e.counter].ticket = None
        case ev.TicketCancelled():
            t = st.tickets[e.ticket]
            lines.remove(t)
            t.status, t.ended_at = "cancelled", e.at
        case ev.TicketTransferred():
            t = st.tickets[e.ticket]
            st.counters[e.counter].ticket = None
            t.service, t.status, t.counter, t.note = e.service, "waiting", None, e.note
            t.called_at = t.served_at = None
            t.front = not e.keep_arrival
            # Keeping the arrival means the arrival, even after an earlier front transfer.
            t.queued_at = e.at if t.front else (t.booked_for or t.taken_at)
            lines.add(t)
        case ev.TicketArrived():
            t = st.tickets[e.ticket]
            # Out of the remote line (or from aside) into its own, from the time it joined.
            lines.remove(t)
            t.arrived_at = e.at
            lines.add(t)
        case ev.TurnPassed():
            t = st.tickets[e.ticket]
            lines.set_aside(t)
            t.passed_at = e.at
        case ev.TicketLapsed():
            t = st.tickets[e.ticket]
            lines.remove(t)
            t.status, t.ended_at = "no_show", e.at
        case ev.CounterOpened():
            cs = st.counters[e.counter]
            cs.status, cs.clerk, cs.paused_at, cs.back_at = "open", e.clerk, None, None
        case ev.CounterPaused():
            cs = st.counters[e.counter]
            cs.status, cs.pause_reason, cs.paused_at = "paused", e.reason, e.at
            cs.back_at = e.back_at
        case ev.CounterResumed():
            cs = st.counters[e.counter]
            cs.status, cs.pause_reason, cs.paused_at, cs.back_at = "open", "", None, None
        case ev.CounterClosed():
            cs = st.counters[e.counter]
            cs.status, cs.clerk, cs.pause_reason = "closed", None, ""
            cs.paused_at = cs.back_at = None
        case ev.BookingMade() | ev.BookingMoved() | ev.BookingCancelled() | ev.BookingMissed():
            appointments.apply(e)
        case ev.IssuingStopped():
            st.stopped[e.service] = e.reason
        case ev.IssuingResumed():
            st.stopped.pop(e.service, None)
        case ev.NoticeSet():
            st.notice = e.text
        case ev.VisitRated():
            if e.ticket is not None:
                had = st.ratings.get(e.ticket)
                count = 1
                if had is not None:
                    count = had.count + 1 if had.uses_a_change(e.score, e.reason) else had.count
                st.ratings[e.ticket] = Rating(score=e.score, reason=e.reason, count=count)
