"""The counter rules a centre configures in `[counter_rules]`: how often a visitor may be
recalled, how soon a no-show may be marked, how long a no-show may still be called back, and
when the centre stops calling. Pure checks (`now` comes in); each raises a DomainError.

Opening hours here are the centre's `[hours]` (the same for every service). A span's end is
when calling stops, plus `calls_after_close_min` of grace for the people still in the hall;
finishing, transferring or recalling the visitor already at the counter is always allowed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from server.config import CentreConfig, CounterRules
from server.core import errors as err
from server.core.model import State, Ticket


def back_at(now: datetime, minutes: int | None) -> datetime | None:
    """When a clerk pausing at `now` for `minutes` said they would be back (None: they did not
    say): rounded up to the whole minute, so every screen shows the same time and none an
    earlier one than promised."""
    if not minutes:
        return None
    back = now + timedelta(minutes=minutes)
    whole = back.replace(second=0, microsecond=0)
    return whole if whole == back else whole + timedelta(minutes=1)


def check_recall(rules: CounterRules, t: Ticket) -> None:
    if t.recalls >= rules.recall_limit:
        raise err.RecallLimit(
            f"{t.number} has been recalled {t.recalls} times already: "
            "mark a no-show or start serving."
        )


def check_no_show(rules: CounterRules, t: Ticket, now: datetime) -> None:
    called = t.called_at or now
    left = rules.no_show_after_s - (now - called).total_seconds()
    if left > 0:
        raise err.TooEarly(
            f"Wait {math.ceil(left)} s more before marking {t.number} a no-show: "
            "the visitor may be on the way."
        )


def check_call_back(rules: CounterRules, t: Ticket, now: datetime) -> None:
    """A no-show may be called back (re-queued at this counter) only for a while."""
    if t.status != "no_show" or t.ended_at is None:
        return
    if now - t.ended_at > timedelta(minutes=rules.requeue_within_min):
        raise err.NoShowExpired(
            f"{t.number} was a no-show more than {rules.requeue_within_min} min ago: "
            "the visitor needs a new ticket."
        )


def _spans(config: CentreConfig, day: date) -> Iterator[tuple[datetime, datetime]]:
    """Today's opening spans as local (start, end) instants; a holiday has none."""
    if day in config.holidays:
        return
    for span in config.hours.get(day.weekday(), ()):
        start = datetime.combine(day, span.start, config.tz)
        end = (
            datetime.combine(day + timedelta(days=1), time(0), config.tz)
            if span.end is None
            else datetime.combine(day, span.end, config.tz)
        )
        yield start, end


def calls_window(config: CentreConfig, now: datetime) -> tuple[datetime, datetime] | None:
    """The stretch of local time around `now` in which calls stay open (an opening span, to
    its end plus the grace, but no further than the next day: the grace is looked for one day
    back), or None when calls are closed at `now`."""
    local = now.astimezone(config.tz)
    grace = timedelta(minutes=config.counter_rules.calls_after_close_min)
    # Yesterday too: a span to 24:00 plus its grace reaches past midnight.
    for day in (local.date() - timedelta(days=1), local.date()):
        for start, end in _spans(config, day):
            if start <= local < end + grace:
                reach = datetime.combine(day + timedelta(days=2), time(0), config.tz)
                return start, min(end + grace, reach)
    return None


def calls_open(config: CentreConfig, now: datetime) -> bool:
    return calls_window(config, now) is not None


def check_calls_open(config: CentreConfig, now: datetime) -> None:
    if not calls_open(config, now):
        raise err.CentreClosed(
            "The centre is closed now: no new calls; finish the visitor you have."
        )


def closed_for_the_day(config: CentreConfig, now: datetime) -> bool:
    """Past the last call of the local day (not merely before opening or at lunch)."""
    if calls_open(config, now):
        return False
    local = now.astimezone(config.tz)
    return not any(start > local for start, _ in _spans(config, local.date()))


def counters_to_sign_out(config: CentreConfig, state: State, now: datetime) -> list[str]:
    """Counters still open after closing time. A counter with a visitor is left alone until
    the clerk finishes (or transfers) them; it is signed out at the next check after that."""
    if not closed_for_the_day(config, now):
        return []
    return [
        cid for cid, cs in state.counters.items() if cs.status != "closed" and cs.ticket is None
    ]
