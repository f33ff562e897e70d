"""A centre remembers the stretch in which it last found calls open (rules.calls_window) so
that a call does not read the opening hours again: it must answer exactly as the hours do, at
any instant, in any order, across lunch breaks, midnight and a long grace."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from server.config import loads
from server.core import commands as c
from server.core import errors as err
from server.core.centre import Centre
from server.core.rules import calls_open
from tests.conftest import centre_toml


@pytest.mark.parametrize(
    ("hours", "grace", "monday_only"),
    [
        ('["08:00-12:00", "13:00-17:00"]', 10, False),
        ('["00:00-24:00"]', 0, False),
        ('["20:00-24:00"]', 30, False),
        # A grace past the next midnight: the hours look back one day only.
        ('["09:00-10:00"]', 3000, True),
    ],
)
def test_a_call_is_refused_exactly_when_the_hours_say_closed(
    hours: str, grace: int, monday_only: bool
) -> None:
    text = centre_toml(hours=hours) + f"\n[counter_rules]\ncalls_after_close_min = {grace}\n"
    if monday_only:
        for day in ("tue", "wed", "thu", "fri", "sat", "sun"):
            text = text.replace(f"{day} = {hours}", f"{day} = []")
    config = loads(text)
    centre = Centre(config)
    rng = random.Random(grace)
    start = datetime(2026, 11, 23, tzinfo=UTC)
    # Mostly forward in small steps, as a server goes, with jumps back and far ahead.
    t = start
    for _ in range(3000):
        step = rng.choice([rng.uniform(0, 900), rng.uniform(-86400, 3 * 86400)])
        t = min(max(start, t + timedelta(seconds=step)), start + timedelta(days=6))
        if centre.needs_roll(t):
            centre.execute(c.RollDay(), t)
        try:
            centre.decide(c.CallNext(counter="1", auto_open=True), t)
            refused = False
        except err.CentreClosed:
            refused = True
        assert refused == (not calls_open(config, t)), t
