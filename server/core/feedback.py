"""Visitors' ratings of their visit ("How was your visit?"): which visit a rating counts for,
and whether it may still be given. Pure like the rest of the core (the centre routes
`RateVisit` here; folding.py keeps each ticket's latest rating in `State.ratings`).

A ticket is rated once its visit was served (a no-show or a cancelled ticket had no visit to
rate), for `change_min` minutes after that, at most `max_changes` times: the latest rating
counts. A tablet at a counter rates the visit last served there if it finished within
`tablet_window_min` and nobody rated it yet: the visitor walking past the tablet is most likely
that one. Any other tablet rating is anonymous, so it never overwrites what a visitor said on
their phone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from server.config import CentreConfig, FeedbackConfig
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.model import Rating, State, Ticket

# A reason is asked, and kept, only with the three lower faces: a "good" or "very good" visit
# has no complaint, and a reason left from a lower face would read "very good · waited too long".
REASON_UP_TO = 3
# Only a served visit is rated: a no-show or a cancelled ticket had no visit to rate.
RATED = "done"


def rate(config: CentreConfig, state: State, cmd: c.RateVisit, now: datetime) -> list[ev.AnyEvent]:
    fb = config.feedback
    if type(cmd.score) is not int or not 1 <= cmd.score <= 5:
        raise err.BadScore("A rating is a whole number from 1 (very bad) to 5 (very good).")
    if cmd.reason is not None and cmd.reason not in fb.reasons:
        raise err.UnknownReason("That reason is not one this centre asks about.")
    if cmd.score > REASON_UP_TO:
        cmd = msgspec.structs.replace(cmd, reason=None)
    if cmd.ticket is None:
        return [_at_tablet(config, state, cmd, now)]
    t = state.tickets.get(cmd.ticket)
    if t is None:
        raise err.UnknownTicket(f"There is no ticket {cmd.ticket} today.")
    if t.status in ("no_show", "cancelled"):
        raise err.NotRateable(f"{t.number} was not served: there is no visit to rate.")
    if t.status != RATED or t.ended_at is None:
        raise err.NotRateable(f"The visit of {t.number} has not ended yet: rate it afterwards.")
    if now - t.ended_at > timedelta(minutes=fb.change_min):
        raise err.RatingClosed(
            f"The visit of {t.number} ended more than {fb.change_min} min ago: "
            "it can no longer be rated."
        )
    had = state.ratings.get(t.number)
    if had is not None and (had.score, had.reason) == (cmd.score, cmd.reason):
        return []  # the same answer again (a form sent twice): nothing changes
    if had is not None and had.uses_a_change(cmd.score, cmd.reason) and changes_left(fb, had) == 0:
        raise err.RatingClosed(
            f"{t.number} has been rated {had.count} times already: that is the last answer."
        )
    return [_rated(t.number, t.counter, cmd, now)]


def _at_tablet(
    config: CentreConfig, state: State, cmd: c.RateVisit, now: datetime
) -> ev.VisitRated:
    if cmd.counter is not None and cmd.counter not in config.counters:
        raise err.UnknownCounter(f'There is no counter "{cmd.counter}" in this centre.')
    last = _last_finished(state, cmd.counter)
    window = timedelta(minutes=config.feedback.tablet_window_min)
    if (
        last is not None
        and last.ended_at is not None
        and now - last.ended_at <= window
        and last.number not in state.ratings
    ):
        return _rated(last.number, cmd.counter, cmd, now)
    return _rated(None, cmd.counter, cmd, now)


def _last_finished(state: State, counter: str | None) -> Ticket | None:
    """The visit finished last at `counter` today (None: none, or no counter)."""
    if counter is None:
        return None
    last: Ticket | None = None
    for t in state.tickets.values():
        if t.status != RATED or t.counter != counter or t.ended_at is None:
            continue
        if last is None or last.ended_at is None or t.ended_at > last.ended_at:
            last = t
    return last


def _rated(
    ticket: str | None, counter: str | None, cmd: c.RateVisit, now: datetime
) -> ev.VisitRated:
    return ev.VisitRated(
        at=now, ticket=ticket, counter=counter, score=cmd.score, reason=cmd.reason, by=cmd.by
    )


def changes_left(fb: FeedbackConfig, had: Rating | None) -> int:
    """How many more answers that use up a change the ticket may be given (0 also when
    `max_changes` was lowered below what it already used)."""
    return max(0, fb.max_changes - (had.count if had is not None else 0))


def rateable(config: CentreConfig, state: State, t: Ticket, now: datetime) -> bool:
    """Whether the phone page may ask for (or change) the rating of `t` now: a new face, or
    a reason for a lower face that has none."""
    fb = config.feedback
    if not fb.phone or t.status != RATED or t.ended_at is None:
        return False
    if now - t.ended_at > timedelta(minutes=fb.change_min):
        return False
    had = state.ratings.get(t.number)
    if had is None or changes_left(fb, had) > 0:
        return True
    return bool(fb.reasons) and had.reason is None and had.score <= REASON_UP_TO
