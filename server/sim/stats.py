"""The figures of a run: per service and class of visitor (walk-in, priority, appointment,
remote) how many were served and how long they waited, the share within the service's target
wait, each counter's utilisation, and who was not served at all; and the figures of those
who joined from home (server/sim/remote_stats.py).

An appointment's wait counts from its booked time when the visitor came early (they were
told to come then), else from arrival; a remote visitor's from their check-in (they waited
at home before); everyone else's from taking the ticket.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from server.sim.accuracy import ErrorRow, errors
from server.sim.data import Run, Scenario, Visit
from server.sim.remote_stats import RemoteRow, remote_rows

KINDS = ("walk-in", "priority", "appointment", "remote")
ALL = "all"


@dataclass(frozen=True)
class WaitRow:
    service: str
    kind: str
    served: int
    mean_s: float | None
    p50_s: float | None
    p90_s: float | None
    p99_s: float | None
    max_s: float | None
    # Share of those served called within the service's `target_wait_min`.
    within_target: float | None
    no_shows: int
    # Took a ticket but were never called (the centre closed first); a remote visitor whose
    # place lapsed is counted in the remote figures instead.
    not_called: int


@dataclass(frozen=True)
class CounterRow:
    counter: str
    open_s: float
    busy_s: float
    utilisation: float | None


@dataclass(frozen=True)
class Summary:
    scenario: str
    policy: str
    days: int
    seed: int
    visitors: int
    waits: list[WaitRow]
    counters: list[CounterRow]
    # Service id -> walk-ins refused a ticket / no slot free / check-in too late.
    refused: dict[str, int] = field(default_factory=dict)
    unbooked: dict[str, int] = field(default_factory=dict)
    lapsed: dict[str, int] = field(default_factory=dict)
    errors: list[ErrorRow] = field(default_factory=list)
    remote: list[RemoteRow] = field(default_factory=list)


def percentile(ordered: Sequence[float], p: float) -> float:
    """The nearest-rank percentile of sorted values (p in 0-1)."""
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def wait_row(service: str, kind: str, visits: Sequence[Visit], target_s: float | None) -> WaitRow:
    waits = sorted(w for v in visits if not v.no_show and (w := v.due_wait_s) is not None)
    n = len(waits)
    return WaitRow(
        service=service,
        kind=kind,
        served=n,
        mean_s=sum(waits) / n if n else None,
        p50_s=percentile(waits, 0.5) if n else None,
        p90_s=percentile(waits, 0.9) if n else None,
        p99_s=percentile(waits, 0.99) if n else None,
        max_s=waits[-1] if n else None,
        within_target=(sum(1 for w in waits if w <= target_s) / n if n and target_s else None),
        # A visitor who would not have come is a no-show only once called; never called, they
        # are among those the day left waiting, like anyone.
        no_shows=sum(1 for v in visits if v.no_show and v.called_at is not None),
        not_called=sum(1 for v in visits if v.called_at is None and not v.lapsed),
    )


def summarise(
    run: Run, scenario: Scenario, name: str, seed: int, estimators: Sequence[str] = ()
) -> Summary:
    services = scenario.config.services
    demanded = [d.service for d in scenario.demand]
    rows: list[WaitRow] = []
    for sid in demanded:
        target = services[sid].target_wait_min * 60
        mine = [v for v in run.visits if v.service == sid]
        for kind in KINDS:
            of_kind = [v for v in mine if v.kind == kind]
            if of_kind:
                rows.append(wait_row(sid, kind, of_kind, target))
    for kind in (*KINDS, ALL):
        of_kind = [v for v in run.visits if kind in (ALL, v.kind)]
        if of_kind:
            within = _within(of_kind, scenario)
            row = wait_row(ALL, kind, of_kind, None)
            rows.append(WaitRow(**{**row.__dict__, "within_target": within}))
    counters = [
        CounterRow(cid, run.open_s.get(cid, 0.0), busy, _ratio(busy, run.open_s.get(cid, 0.0)))
        for cid, busy in run.busy_s.items()
    ]
    return Summary(
        scenario=name,
        policy=scenario.config.spec.policy.name,
        days=run.days,
        seed=seed,
        visitors=len(run.visits),
        waits=rows,
        counters=counters,
        refused=dict(sorted(run.refused.items())),
        unbooked=dict(sorted(run.unbooked.items())),
        lapsed=dict(sorted(run.lapsed.items())),
        errors=errors(run.visits, estimators, classify=lambda v: v.kind) if estimators else [],
        remote=remote_rows(run, demanded),
    )


def _within(visits: Sequence[Visit], scenario: Scenario) -> float | None:
    """Share within target over services with different targets: each against its own."""
    services = scenario.config.services
    met = [
        w <= services[v.service].target_wait_min * 60
        for v in visits
        if not v.no_show and (w := v.due_wait_s) is not None
    ]
    return sum(met) / len(met) if met else None


def _ratio(busy: float, open_s: float) -> float | None:
    # Not capped: a visit running past the end of a shift or into lunch counts as busy, so
    # an overloaded day shows above 100 % rather than hiding the overtime.
    return busy / open_s if open_s > 0 else None
