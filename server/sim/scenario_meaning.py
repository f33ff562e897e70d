"""The second look at a scenario file, once every key is known and of the right kind: what
the values mean against the centre (services, priorities and counters it has, shares that add
up, hours that parse), every problem at once, and the `Scenario` they make.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, time

import msgspec

from server.config import CentreConfig
from server.config_meaning import parse_span
from server.config_problems import Problems, item, quoted
from server.sim.data import Demand, Remote, Scenario, Shift
from server.sim.models import ServiceTime
from server.sim.scenario_spec import CounterShift, RemoteVisitors, ScenarioSpec, ServiceDemand


def with_policy(config: CentreConfig, name: str) -> CentreConfig:
    """The same centre under another queue policy."""
    policy = msgspec.structs.replace(config.spec.policy, name=name)
    return dataclasses.replace(config, spec=msgspec.structs.replace(config.spec, policy=policy))


def meaning(spec: ScenarioSpec, centre: CentreConfig, problems: Problems) -> Scenario | None:
    if not 1 <= spec.days <= 366:
        problems.add("days", "expected 1 to 366 days", spec.days)
    _share("no_show", spec.no_show, problems, below_one=True)
    _share("rated", spec.rated, problems)
    if not 0 <= spec.no_show_wait_s <= 3600:
        problems.add("no_show_wait_s", "expected 0 to 3600 seconds", spec.no_show_wait_s)
    early_late = spec.appointment_arrival_min
    if len(early_late) != 2 or not -120 <= early_late[0] <= early_late[1] <= 120:
        problems.add(
            "appointment_arrival_min",
            "expected [earliest, latest] minutes around the booked time, within -120 to 120",
        )
    profile = _profile("profile", spec.profile, problems)
    mix = _mix("priorities", spec.priorities, centre, problems)
    if not spec.services:
        problems.add("services", "missing: list at least one service with its per_hour")
    demand = [
        _demand(item("services", i, d.id), d, centre, profile, mix, problems)
        for i, d in enumerate(spec.services)
    ]
    _unique("services", [d.id for d in spec.services], problems)
    _unique("counters", [c.id for c in spec.counters], problems)
    shifts = {
        c.id: _shift(item("counters", i, c.id), c, centre, problems)
        for i, c in enumerate(spec.counters)
    }
    working = [c.id for c in spec.counters] or list(centre.counters)
    _served("services", spec.services, working, centre, problems)
    remote = _remote(spec.remote, [d.id for d in spec.services], centre, problems)
    if problems.lines:
        return None
    config = centre if spec.policy is None else with_policy(centre, spec.policy)
    return Scenario(
        config=config,
        demand=[d for d in demand if d is not None],
        counters=working,
        start=datetime.combine(spec.start, time(0), centre.tz),
        hours=24.0 * spec.days,
        days=spec.days,
        shifts={cid: s for cid, s in shifts.items() if s is not None},
        no_show=spec.no_show,
        no_show_wait_s=spec.no_show_wait_s,
        arrive_min=(early_late[0], early_late[1]),
        rated=spec.rated,
        remote=remote,
    )


def _demand(
    where: str,
    d: ServiceDemand,
    centre: CentreConfig,
    profile: dict[int, float],
    mix: dict[str, float],
    problems: Problems,
) -> Demand | None:
    service = centre.services.get(d.id)
    if service is None:
        problems.add(f"{where}.id", f"not a service of the centre ({', '.join(centre.services)})")
        return None
    if not 0 <= d.per_hour <= 10_000:
        problems.add(f"{where}.per_hour", "expected 0 to 10000 visitors an hour", d.per_hour)
    minutes = service.default_service_min if d.service_min is None else d.service_min
    if not 0 < minutes <= 600:
        problems.add(
            f"{where}.service_min", "expected more than 0 and at most 600 minutes", minutes
        )
    cv = 1.0 if d.cv is None else d.cv
    if d.shape == "exponential" and cv not in (0.0, 1.0):
        problems.add(
            f"{where}.cv",
            'an exponential time has cv 1 (0: fixed); for another use shape = "lognormal"',
            cv,
        )
    elif not 0 <= cv <= 10:
        problems.add(f"{where}.cv", "expected 0 to 10", cv)
    _share(f"{where}.appointments", d.appointments, problems)
    if d.appointments > 0 and service.booking is None:
        problems.add(f"{where}.appointments", "this service takes no bookings in the centre file")
    own_profile = (
        profile if d.profile is None else _profile(f"{where}.profile", d.profile, problems)
    )
    own_mix = (
        mix if d.priorities is None else _mix(f"{where}.priorities", d.priorities, centre, problems)
    )
    if problems.lines:
        return None
    return Demand(
        service=d.id,
        per_hour=d.per_hour,
        mean_service_s=minutes * 60,
        priorities=own_mix,
        shape=d.shape,
        cv=cv,
        profile=own_profile,
        appointments=d.appointments,
    )


def _remote(
    r: RemoteVisitors, services: list[str], centre: CentreConfig, problems: Problems
) -> Remote | None:
    """Visitors joining from home, through the centre's own `[remote]` rules: a share with
    no service to join would silently simulate nothing, so it is named."""
    _share("remote.share", r.share, problems)
    _share("remote.never_come", r.never_come, problems)
    if not 0 < r.checkin_delay_min <= 600:
        problems.add(
            "remote.checkin_delay_min",
            "expected more than 0 and at most 600 minutes",
            r.checkin_delay_min,
        )
    cv = 1.0 if r.delay_cv is None else r.delay_cv
    if r.delay_shape == "exponential" and cv not in (0.0, 1.0):
        problems.add(
            "remote.delay_cv",
            'an exponential delay has cv 1 (0: fixed); for another use delay_shape = "lognormal"',
            cv,
        )
    elif not 0 <= cv <= 10:
        problems.add("remote.delay_cv", "expected 0 to 10", cv)
    joinable = frozenset(sid for sid in services if centre.remote.allows(sid))
    if r.share > 0 and not joinable:
        why = (
            "set enabled = true in its [remote] table"
            if not centre.remote.enabled
            else "its [remote] services list none of this scenario's services"
        )
        problems.add("remote.share", f"the centre takes no one from home: {why}", r.share)
    if problems.lines or r.share == 0:
        return None
    delay = ServiceTime(r.checkin_delay_min * 60, r.delay_shape, cv)
    return Remote(r.share, delay, r.never_come, joinable)


def _served(
    where: str,
    services: list[ServiceDemand],
    working: list[str],
    centre: CentreConfig,
    problems: Problems,
) -> None:
    """A service with visitors but no working counter to call them would only fill a queue
    nobody serves: almost always a forgotten counter, so it is named."""
    for i, d in enumerate(services):
        counters = (centre.counters[cid] for cid in working if cid in centre.counters)
        if (
            d.per_hour > 0
            and d.id in centre.services
            and all(d.id not in c.services for c in counters)
        ):
            problems.add(
                f"{item(where, i, d.id)}.id",
                "no counter working in this scenario serves it: add one under [[counters]]",
            )


def _shift(where: str, c: CounterShift, centre: CentreConfig, problems: Problems) -> Shift | None:
    if c.id not in centre.counters:
        problems.add(f"{where}.id", f"not a counter of the centre ({', '.join(centre.counters)})")
    if c.hours is None:
        return None
    span = parse_span(f"{where}.hours", c.hours, problems)
    if span is None:
        return None
    # "24:00" (end None) is midnight: the last instant of the day, not the centre's closing.
    return Shift(span.start, time.max if span.end is None else span.end)


def _profile(where: str, raw: dict[str, float], problems: Problems) -> dict[int, float]:
    out: dict[int, float] = {}
    for hour, factor in raw.items():
        if not (hour.isdigit() and 0 <= int(hour) <= 23):
            problems.add(f"{where}.{quoted(hour)}", "expected an hour 0 to 23 as the key")
        elif not 0 <= factor <= 100:
            problems.add(f"{where}.{hour}", "expected a multiplier 0 to 100", factor)
        else:
            out[int(hour)] = factor
    return out


def _mix(
    where: str, raw: dict[str, float], centre: CentreConfig, problems: Problems
) -> dict[str, float]:
    for pid, share in raw.items():
        if pid not in centre.priorities:
            known = ", ".join(centre.priorities) or "none"
            problems.add(f"{where}.{quoted(pid)}", f"not a priority of the centre ({known})")
        _share(f"{where}.{pid}", share, problems)
    if sum(raw.values()) > 1:
        problems.add(where, "the shares add up to more than 1")
    return dict(raw)


def _share(where: str, value: float, problems: Problems, below_one: bool = False) -> None:
    if not (0 <= value < 1 if below_one else 0 <= value <= 1):
        problems.add(
            where, "expected a share from 0 to " + ("below 1" if below_one else "1"), value
        )


def _unique(kind: str, ids: list[str], problems: Problems) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            problems.add(item(kind, i, ident), "named twice")
        seen.add(ident)
