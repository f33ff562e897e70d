"""The keys of a scenario file, as msgspec Structs: the shape check of centre files
(server/config_shape.py) walks these, so unknown keys and wrong kinds are named the same way.
docs/simulate.md explains every key to a manager.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec


class ServiceDemand(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    per_hour: float
    # Mean minutes of one visit; default: the centre's `default_service_min` for it.
    service_min: float | None = None
    shape: Literal["exponential", "lognormal"] = "exponential"
    cv: float | None = None
    # Local hour ("0"-"23") -> multiplier of `per_hour`; default: the scenario's `profile`.
    profile: dict[str, float] | None = None
    # Priority id -> share of walk-ins; default: the scenario's `priorities`.
    priorities: dict[str, float] | None = None
    appointments: float = 0.0


class CounterShift(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    # "HH:MM-HH:MM" local, each day; default: while the centre is open.
    hours: str | None = None


class RemoteVisitors(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    # Share of the visitors without an appointment or a priority who join from home (for
    # the services the centre's own [remote] lets one join).
    share: float = 0.0
    # Minutes from joining to checking in at the kiosk: the mean, the shape and spread.
    checkin_delay_min: float = 30.0
    delay_shape: Literal["exponential", "lognormal"] = "exponential"
    delay_cv: float | None = None
    # Share of those who join and never come.
    never_come: float = 0.0


class ScenarioSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    # A centre file, relative to the scenario file (or the centre's configuration itself
    # as a [centre_config] table, taken out before this shape is checked).
    centre_file: str | None = None
    description: str = ""
    # The first local day simulated (the run starts at its midnight).
    start: date
    days: int = 1
    policy: Literal["fifo", "strict", "accumulating"] | None = None
    no_show: float = 0.0
    no_show_wait_s: float = 60.0
    rated: float = 0.0
    appointment_arrival_min: list[float] = msgspec.field(default_factory=lambda: [-10.0, 5.0])
    profile: dict[str, float] = {}
    priorities: dict[str, float] = {}
    services: list[ServiceDemand] = []
    counters: list[CounterShift] = []
    remote: RemoteVisitors = RemoteVisitors()
