"""Server-to-client frames: the welcome snapshot per role, and wire events from domain events.

Ticket status tokens are secrets (they open the visitor's phone page) and never leave here
except in the kiosk's own `take_ticket` reply.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server import __version__
from server.core import events as ev
from server.core.centre import Centre
from server.core.hours import availability
from server.core.model import Ticket
from server.protocol.messages import PROTOCOL

Frame = dict[str, Any]


def iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat().replace("+00:00", "Z")


def ticket_view(centre: Centre, t: Ticket, now: datetime) -> Frame:
    """What staff screens show of a ticket (no token, no personal data)."""
    return {
        "number": t.number,
        "service": t.service,
        "priority": t.priority,
        "status": t.status,
        "counter": t.counter,
        "taken_at": iso(t.taken_at),
        "called_at": iso(t.called_at),
        "calls": t.calls,
        "waited_s": round(((t.called_at or now) - t.taken_at).total_seconds()),
        "note": t.note,
    }


def queue_services(centre: Centre, now: datetime) -> dict[str, Frame]:
    out: dict[str, Frame] = {}
    for sid, (waiting, wait_s) in centre.queue().items():
        a = availability(centre.config, centre.config.services[sid], now)
        # The oldest arrival still waiting, so counter screens can show the longest wait.
        since = min((t.taken_at for t in centre.waiting[sid].values()), default=None)
        out[sid] = {
            "waiting": waiting,
            "estimated_wait_s": wait_s,
            "waiting_since": iso(since),
            "issuing": a.issuing,
            "reason": a.reason,
            "opens_at": iso(a.opens_at),
        }
    return out


def queue_frame(centre: Centre, now: datetime) -> Frame:
    return {"type": "queue", "services": queue_services(centre, now)}


def counter_frame(centre: Centre, cid: str) -> Frame:
    cs = centre.state.counters[cid]
    return {
        "type": "counter",
        "counter": cid,
        "status": cs.status,
        "clerk": cs.clerk,
        "ticket": cs.ticket,
        "reason": cs.pause_reason,
        "served_today": cs.served_today,
        # What the signed-in clerk finished today at any counter (0 with nobody signed in).
        "clerk_served_today": centre.state.served_by_clerk.get(cs.clerk, 0) if cs.clerk else 0,
    }


def wire_event(centre: Centre, e: ev.AnyEvent) -> Frame | None:
    """The broadcast frame for a committed event (applied to `centre` already)."""
    at = iso(e.at)
    match e:
        case ev.TicketTaken():
            return {
                "type": "taken",
                "ticket": e.ticket,
                "service": e.service,
                "priority": e.priority,
                "at": at,
            }
        case ev.TicketCalled():
            t = centre.state.tickets[e.ticket]
            return {
                "type": "called",
                "ticket": e.ticket,
                "counter": e.counter,
                "counter_name": centre.config.counters[e.counter].name,
                "service": t.service,
                "recall": e.recall,
                "at": at,
            }
        case ev.ServingStarted() | ev.TicketFinished() | ev.TicketNoShow():
            kind = {
                ev.ServingStarted: "serving",
                ev.TicketFinished: "finished",
                ev.TicketNoShow: "no_show",
            }[type(e)]
            return {"type": kind, "ticket": e.ticket, "counter": e.counter, "at": at}
        case ev.TicketCancelled():
            return {"type": "cancelled", "ticket": e.ticket, "at": at}
        case ev.TicketTransferred():
            return {
                "type": "transferred",
                "ticket": e.ticket,
                "counter": e.counter,
                "service": e.service,
                "keep_arrival": e.keep_arrival,
                "at": at,
            }
        case ev.CounterOpened() | ev.CounterPaused() | ev.CounterResumed() | ev.CounterClosed():
            return {**counter_frame(centre, e.counter), "at": at}
        case ev.DayRolled():
            return {"type": "day", "day": e.day.isoformat(), "at": at}
    return None


def snapshot(centre: Centre, role: str, counter: str | None, now: datetime) -> Frame:
    cfg = centre.config
    institutions = {i.id: i.name for i in cfg.spec.institutions}
    queue = queue_services(centre, now)
    services = [
        {
            "id": s.id,
            "prefix": s.prefix,
            "name": s.name,
            "institution": s.institution,
            "institution_name": institutions.get(s.institution),
            "target_wait_min": s.target_wait_min,
            **queue[s.id],
        }
        for s in cfg.services.values()
    ]
    snap: Frame = {
        "protocol": PROTOCOL,
        "server_version": __version__,
        "role": role,
        "centre": {"name": cfg.name, "timezone": cfg.spec.centre.timezone},
        "day": centre.state.day.isoformat() if centre.state.day else None,
        "services": services,
        "priorities": [
            {"id": p.id, "name": p.name, "weight": p.weight} for p in cfg.priorities.values()
        ],
        "counters": [
            {"id": c.id, "name": c.name, "services": c.services, **_counter_state(centre, c.id)}
            for c in cfg.counters.values()
        ],
        "calls": [
            {"ticket": n, "counter": cid, "counter_name": cfg.counters[cid].name, "at": iso(at)}
            for n, cid, at in centre.state.recent_calls
        ],
    }
    if role == "counter" and counter is not None:
        number = centre.state.counters[counter].ticket
        snap["counter"] = {
            **counter_frame(centre, counter),
            "current": ticket_view(centre, centre.state.tickets[number], now) if number else None,
        }
    if role == "display":
        shown = cfg.spec.display
        snap["display"] = {"notice": shown.notice, "history": shown.history}
    if role == "manager":
        snap["tickets"] = [ticket_view(centre, t, now) for t in centre.state.tickets.values()]
    return snap


def _counter_state(centre: Centre, cid: str) -> Frame:
    f = counter_frame(centre, cid)
    return {k: f[k] for k in ("status", "clerk", "ticket", "served_today")}
