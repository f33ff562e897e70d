"""The figures of visitors who joined the queue from home (server/sim/joining.py), per service
and over all: how many joined, were refused, checked in, were passed over while not here,
lapsed, came after their place lapsed, and how long they waited from joining to their call.
Their waits at the centre (from the check-in) are in the waits table, class "remote".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from server.sim.data import Run, Visit

ALL = "all"


@dataclass(frozen=True)
class RemoteRow:
    service: str
    joined: int
    # Joining refused (the service's cap of remote tickets, or too near its stop): they came
    # in person after their delay.
    refused: int
    checked_in: int
    # Their turn came before they checked in (at least once).
    passed: int
    # Their place lapsed: their turn came and they did not check in within the grace.
    lapsed: int
    # Came after their place lapsed, and took a walk-in ticket.
    came_late: int
    # From joining to being called, of those called (waiting at home, then at the centre).
    mean_from_join_s: float | None


def remote_rows(run: Run, services: Sequence[str]) -> list[RemoteRow]:
    """One row per service anyone joined (or tried to join), then all; none without any."""
    joined = [v for v in run.visits if v.remote]
    rows = []
    for sid in services:
        mine = [v for v in joined if v.service == sid]
        if mine or sid in run.remote_refused:
            rows.append(
                _row(sid, mine, run.remote_refused.get(sid, 0), run.remote_late.get(sid, 0))
            )
    if rows:
        refused, late = sum(run.remote_refused.values()), sum(run.remote_late.values())
        rows.append(_row(ALL, joined, refused, late))
    return rows


def _row(service: str, visits: Sequence[Visit], refused: int, late: int) -> RemoteRow:
    waits = [w for v in visits if (w := v.wait_s) is not None]
    return RemoteRow(
        service=service,
        joined=len(visits),
        refused=refused,
        checked_in=sum(1 for v in visits if v.arrived_at is not None),
        passed=sum(1 for v in visits if v.passed_at is not None),
        lapsed=sum(1 for v in visits if v.lapsed),
        came_late=late,
        mean_from_join_s=sum(waits) / len(waits) if waits else None,
    )
