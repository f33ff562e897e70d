"""Joining today's queue from home (`[remote]`, server/config_remote.py): the decisions.

- `join`: a remote ticket, if the service takes them now: remote joining on for it, the
  service issuing and not within `stop_before_close_min` of its stop, and fewer than its cap
  of remote tickets not here yet. It queues from the time it joined, like any walk-in: the
  visitor did wait, at home.
- While not here (`Ticket.absent`) it stands in a line of its own (server/core/lines.py).
  When `call_next` would call it, it is passed over instead (`TurnPassed`, see
  core/centre.py) and set aside: it keeps its place for `grace_min`.
- `arrive`: the visitor checks in at the kiosk with the ticket's code (the check-in screen of
  appointments). A ticket set aside comes back into its line with its join time, so it is
  called next or nearly; one not yet passed simply stops being passed over.
- `lapse`: a set-aside ticket whose grace ended without a check-in becomes a no-show.

Pure, like the rest of the core: `now` comes in; the code and the link token come from outside.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from server.config import CentreConfig, Counter, Priority, Service
from server.core import errors as err
from server.core import events as ev
from server.core.hours import availability
from server.core.lines import WaitingLines
from server.core.model import State, Ticket
from server.core.policy import Policy


def pick_here(
    policy: Policy,
    lines: WaitingLines,
    counter: Counter,
    priorities: dict[str, Priority],
    now: datetime,
) -> tuple[list[Ticket], Ticket | None]:
    """Whom `counter` calls: the policy's pick, passing over every remote ticket not here
    that the policy would pick first (each one's turn has come), in the order it would."""
    candidates = list(lines.heads(counter.services))
    passed: list[Ticket] = []
    while (picked := policy.pick(candidates, counter, priorities, now)) is not None:
        if not picked.absent:
            return passed, picked
        passed.append(picked)
        candidates.remove(picked)
        behind = lines.behind(picked)
        if behind is not None:
            candidates.append(behind)
    return passed, None


def grace_end(config: CentreConfig, t: Ticket) -> datetime | None:
    """When a passed-over ticket lapses (None while its turn has not come)."""
    if t.passed_at is None:
        return None
    return t.passed_at + timedelta(minutes=config.remote.grace_min)


def away(t: Ticket) -> bool:
    """A remote ticket waiting and not here yet: what the cap counts, what a counter lists
    as "not here yet" and whom the phone page tells when to set off."""
    return t.status == "waiting" and t.absent


def lapsed(t: Ticket) -> bool:
    """A remote ticket whose place lapsed: its turn came and nobody checked in."""
    return t.status == "no_show" and t.absent and t.passed_at is not None


def by_code(state: State, code: str) -> Ticket | None:
    """Today's remote ticket with this check-in code, if any."""
    return next((t for t in state.tickets.values() if t.remote and t.code == code), None)


def absent(state: State, service: str) -> int:
    """Remote tickets of the service joined and not here yet (what the cap counts)."""
    return sum(1 for t in state.tickets.values() if t.service == service and away(t))


def check_join(config: CentreConfig, state: State, s: Service, now: datetime) -> None:
    """Raises why a remote ticket for `s` cannot be taken now (after the walk-in checks of
    issuing, which the centre makes first)."""
    r = config.remote
    if not r.allows(s.id):
        raise err.RemoteOff(f'Joining the queue from home is not offered for "{s.id}".')
    soon = now + timedelta(minutes=r.stop_before_close_min)
    if not availability(config, s, soon).issuing:
        raise err.ServiceClosed(
            f'Joining "{s.id}" from home has stopped for today: '
            f"it stops {r.stop_before_close_min} min before the service stops issuing tickets."
        )
    cap = r.cap(s.id)
    if absent(state, s.id) >= cap:
        raise err.RemoteFull(
            f'All {cap} places for joining "{s.id}" from home are taken: '
            "try again later, or come to the centre and take a ticket."
        )


def arrive(config: CentreConfig, t: Ticket, device: str, now: datetime) -> list[ev.AnyEvent]:
    """A remote ticket's check-in at a kiosk, or why it cannot check in."""
    if lapsed(t):
        raise err.PlaceLapsed(
            f"Ticket {t.number} lapsed: its turn came and nobody checked in within "
            f"{config.remote.grace_min} min. Please take a new ticket."
        )
    if t.status != "waiting":
        raise err.BookingClosed(f"Ticket {t.number} is {t.status.replace('_', ' ')}.")
    if not t.absent:
        raise err.BookingClosed(f"Ticket {t.number} is checked in already.")
    return [ev.TicketArrived(at=now, ticket=t.number, device=device)]


def lapse(config: CentreConfig, state: State, now: datetime) -> list[ev.AnyEvent]:
    out: list[ev.AnyEvent] = []
    for t in state.tickets.values():
        end = grace_end(config, t)
        if t.status == "waiting" and t.set_aside and end is not None and now > end:
            out.append(ev.TicketLapsed(at=now, ticket=t.number))
    return out
