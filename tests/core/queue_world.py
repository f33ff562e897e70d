"""The small centre the queue state machine (test_queue_machine.py) runs through random days,
the instants it starts at, and the statuses each event moves a ticket between."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import msgspec
from hypothesis import strategies as st

from server import config as cfg
from server.core import events as ev
from server.core.centre import Centre

RIGA = ZoneInfo("Europe/Riga")
N = '{ lv = "x", ru = "x", en = "x" }'
# Three services, two priority weights, three counters with overlapping services and
# per-service weights; open around the clock every day (so stop_issuing_min never bites).
CONFIG = cfg.loads(
    f"""
services = [
  {{ id = "a", prefix = "A", name = {N}, institution = "x", default_service_min = 8 }},
  {{ id = "b", prefix = "B", name = {N}, institution = "x", stop_issuing_min = 0 }},
  {{ id = "c", prefix = "C", name = {N}, institution = "x", stop_issuing_min = 30 }},
]
priorities = [
  {{ id = "senior", name = {N}, weight = 3.0 }},
  {{ id = "expecting", name = {N}, weight = 1.5 }},
]
counters = [
  {{ id = "c1", name = "1", services = ["a", "b"], weights = {{ b = 1.5 }} }},
  {{ id = "c2", name = "2", services = ["b", "c"] }},
  {{ id = "c3", name = "3", services = ["c", "a"], weights = {{ a = 0.8 }} }},
]
[centre]
name = {N}
[hours]
"""
    + "\n".join(f'{day} = ["00:00-24:00"]' for day in cfg.WEEKDAYS)
)
assert CONFIG.spec.policy.name == "accumulating"


def _ratio(config: cfg.CentreConfig) -> float:
    """R from policy.py: the largest ratio of (priority weight x counter weight) products."""
    priority = [1.0, *(p.weight for p in config.priorities.values())]
    counter = [k.weight(s) for k in config.counters.values() for s in k.services]
    return (max(priority) * max(counter)) / (min(priority) * min(counter))


R = _ratio(CONFIG)


def riga(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=RIGA).astimezone(UTC)


STARTS = [
    riga(2026, 3, 28, 23, 30),  # the night before spring-forward (03:00 -> 04:00 on 29.03)
    riga(2026, 3, 29, 2, 0),
    riga(2026, 10, 24, 23, 30),  # the night before fall-back (04:00 -> 03:00 on 25.10)
    riga(2026, 10, 25, 2, 50),
    riga(2026, 1, 15, 23, 0),  # winter: Riga midnight is 22:00 UTC
    riga(2026, 7, 1, 12, 0),  # summer: Riga midnight is 21:00 UTC
]
DST_CHANGES = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)]

# The statuses a ticket may be in before each event, and the status it has after.
BEFORE: dict[type, tuple[str, ...]] = {
    ev.TicketCalled: ("waiting", "no_show"),
    ev.ServingStarted: ("called",),
    ev.TicketFinished: ("called", "serving"),
    ev.TicketNoShow: ("called",),
    ev.TicketCancelled: ("waiting",),
    ev.TicketTransferred: ("called", "serving"),
}
AFTER = {
    ev.TicketCalled: "called",
    ev.ServingStarted: "serving",
    ev.TicketFinished: "done",
    ev.TicketNoShow: "no_show",
    ev.TicketCancelled: "cancelled",
    ev.TicketTransferred: "waiting",
}

counters = st.sampled_from(sorted(CONFIG.counters))
services = st.sampled_from(["a", "b", "c", "a", "b", "c", "nope"])
picks = st.integers(0, 1_000)
priorities = st.sampled_from([None, None, None, "senior", "expecting", "vip"])
sensible = st.sampled_from([True, True, True, False])  # mostly do what makes sense


def encode(centre: Centre) -> bytes:
    return msgspec.json.encode(centre.state)
