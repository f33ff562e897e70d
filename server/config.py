"""A centre's TOML configuration, validated into typed, frozen settings.

Validation happens in two steps: msgspec checks shapes and types (and tells us where), then
`_check` checks meaning (prefixes unique, counters name real services, hours parse...). Every
problem becomes a `ConfigError` that names the key, the value and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, time
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROLES = ("kiosk", "display", "counter", "manager")


class ConfigError(ValueError):
    """A configuration problem, phrased for the person editing the file."""


class Text(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A visible string in each language the centre speaks."""

    lv: str
    ru: str
    en: str

    def get(self, lang: str) -> str:
        return str(getattr(self, lang, self.lv))


class CentreInfo(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Text
    timezone: str = "Europe/Riga"
    public_url: str = "http://127.0.0.1:8750"


class Hours(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Opening hours per weekday as "HH:MM-HH:MM" spans; an empty list means closed."""

    mon: list[str] = []
    tue: list[str] = []
    wed: list[str] = []
    thu: list[str] = []
    fri: list[str] = []
    sat: list[str] = []
    sun: list[str] = []
    holidays: list[date] = []


class Institution(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    name: Text


class Service(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    prefix: str
    name: Text
    institution: str
    target_wait_min: int = 15
    stop_issuing_min: int = 15
    # Used for wait estimates until the centre has served enough visitors to know better.
    default_service_min: float = 10.0
    digits: int = 3


class Priority(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    name: Text
    # How fast a waiting ticket's claim grows relative to a visitor without priority (1.0).
    weight: float = 3.0


class Counter(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    name: str
    services: list[str]
    # Optional per-service weight; services listed earlier win ties.
    weights: dict[str, float] = {}

    def weight(self, service: str) -> float:
        return self.weights.get(service, 1.0)


class Device(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    role: Literal["kiosk", "display", "counter", "manager"]
    counter: str | None = None


class Policy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Literal["accumulating", "strict", "fifo"] = "accumulating"


class Limits(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    # A stuck touchscreen must not empty the number range: a kiosk may take `kiosk_burst`
    # tickets at once, then one every 60/kiosk_per_minute seconds.
    kiosk_burst: int = 5
    kiosk_per_minute: float = 30.0
    max_frame_bytes: int = 65536
    # A client whose unsent output passes this is too slow to keep up and is disconnected.
    send_buffer_bytes: int = 1_048_576
    anonymous_displays: Literal["loopback", "any", "none"] = "loopback"
    # The door (server/net/doorman.py): connections of every kind held at once (kept below
    # the open-files limit whatever is set here), connections that have not said hello yet
    # in all and per client address, the seconds a connection has for its hello, and the
    # seconds its output may stay unsent before it is cut off.
    max_connections: int = 4096
    max_unauthenticated: int = 512
    unauthenticated_per_address: int = 32
    hello_timeout_s: float = 10.0
    # New connections (websocket or HTTP) one address may open at once, then per second.
    connection_burst_per_address: int = 64
    connections_per_address_per_s: float = 20.0
    send_deadline_s: float = 10.0
    # Requests per second a device may send after a burst (tickets have their own limit).
    request_burst: int = 20
    requests_per_second: float = 5.0
    # Phones (status pages) that may follow one ticket live at once.
    phones_per_ticket: int = 4


class DisplaySettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the waiting-room displays show besides the queue; sent in their welcome."""

    # A line that scrolls along the bottom of every display, or none.
    notice: Text | None = None
    # How many earlier calls are listed below the newest one.
    history: int = 6


class CounterRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the server lets a clerk do at a counter (the `[counter_rules]` table)."""

    # Recalls of one visit (the first call not counted) before `recall_limit`.
    recall_limit: int = 3
    # Seconds after the first call before the visitor may be marked a no-show; 0 = at once.
    no_show_after_s: int = 0
    # Minutes after a no-show during which a clerk may still call that ticket back.
    requeue_within_min: int = 30
    # Minutes after the end of an opening-hours span during which counters may still call.
    calls_after_close_min: int = 0
    # Wrong PINs in a row for one clerk id at one counter before sign-in as that clerk is
    # locked there for `pin_lockout_min`, doubling with each further lockout (net/lockout.py).
    pin_attempts: int = 5
    pin_lockout_min: int = 5


class CentreSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    centre: CentreInfo
    services: list[Service]
    hours: Hours = Hours()
    institutions: list[Institution] = []
    priorities: list[Priority] = []
    counters: list[Counter] = []
    devices: list[Device] = []
    policy: Policy = Policy()
    limits: Limits = Limits()
    display: DisplaySettings = DisplaySettings()
    counter_rules: CounterRules = CounterRules()


@dataclass(frozen=True)
class Span:
    start: time
    # None means the end of the day (written "24:00").
    end: time | None

    def contains(self, t: time) -> bool:
        return self.start <= t and (self.end is None or t < self.end)


@dataclass(frozen=True)
class CentreConfig:
    """The validated configuration with the lookups the core needs."""

    spec: CentreSpec
    tz: ZoneInfo
    hours: dict[int, tuple[Span, ...]]  # weekday (Monday = 0) -> open spans
    holidays: frozenset[date]
    services: dict[str, Service]
    priorities: dict[str, Priority]
    counters: dict[str, Counter]
    devices: dict[str, Device]

    @property
    def name(self) -> Text:
        return self.spec.centre.name

    @property
    def limits(self) -> Limits:
        return self.spec.limits

    @property
    def counter_rules(self) -> CounterRules:
        return self.spec.counter_rules


_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_PREFIX = re.compile(r"^[A-Z]{1,2}$")


def _parse_span(key: str, value: str) -> Span:
    m = _SPAN.match(value)
    if not m:
        raise ConfigError(f'{key} = "{value}": expected a span like "08:30-17:00"')
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        raise ConfigError(f'{key} = "{value}": not a time of day')
    start, end = time(h1, m1), None if h2 == 24 else time(h2, m2)
    if end is not None and end <= start:
        raise ConfigError(f'{key} = "{value}": the span ends before it starts')
    return Span(start, end)


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if not _ID.match(ident):
            raise ConfigError(
                f'{kind}[{i}].id = "{ident}": use 1-32 letters, digits, "_", "." or "-"'
            )
        if ident in seen:
            raise ConfigError(f'{kind}[{i}].id = "{ident}": this id is used twice')
        seen.add(ident)


def _check(spec: CentreSpec) -> CentreConfig:
    try:
        tz = ZoneInfo(spec.centre.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f'centre.timezone = "{spec.centre.timezone}": not a known time zone '
            '(for example "Europe/Riga")'
        ) from None
    if not spec.services:
        raise ConfigError("services = []: a centre needs at least one service")
    _unique("institutions", [x.id for x in spec.institutions])
    _unique("services", [x.id for x in spec.services])
    _unique("priorities", [x.id for x in spec.priorities])
    _unique("counters", [x.id for x in spec.counters])
    _unique("devices", [x.id for x in spec.devices])
    institutions = {x.id for x in spec.institutions}
    prefixes: dict[str, str] = {}
    for i, s in enumerate(spec.services):
        key = f"services[{i}]"
        if not _PREFIX.match(s.prefix):
            raise ConfigError(f'{key}.prefix = "{s.prefix}": use one or two capital letters A-Z')
        if s.prefix in prefixes:
            raise ConfigError(
                f'{key}.prefix = "{s.prefix}": already the prefix of service "{prefixes[s.prefix]}"'
            )
        prefixes[s.prefix] = s.id
        if institutions and s.institution not in institutions:
            raise ConfigError(
                f'{key}.institution = "{s.institution}": no such institution in [[institutions]]'
            )
        for field, low in (("target_wait_min", 1), ("stop_issuing_min", 0)):
            if getattr(s, field) < low:
                raise ConfigError(f"{key}.{field} = {getattr(s, field)}: must be at least {low}")
        if s.default_service_min <= 0:
            raise ConfigError(
                f"{key}.default_service_min = {s.default_service_min}: must be above 0"
            )
        if s.digits not in (3, 4):
            raise ConfigError(f"{key}.digits = {s.digits}: must be 3 or 4")
    for i, p in enumerate(spec.priorities):
        if not 1.0 <= p.weight <= 100.0:
            raise ConfigError(f"priorities[{i}].weight = {p.weight}: must be between 1 and 100")
    services = {s.id: s for s in spec.services}
    for i, c in enumerate(spec.counters):
        if not c.services:
            raise ConfigError(f'counters[{i}].services = []: counter "{c.id}" serves nothing')
        for sid in c.services:
            if sid not in services:
                raise ConfigError(f'counters[{i}].services: "{sid}" is not a service id')
        for sid, w in c.weights.items():
            if sid not in c.services:
                raise ConfigError(
                    f'counters[{i}].weights.{sid} = {w}: the counter does not serve "{sid}"'
                )
            if not 0.1 <= w <= 10.0:
                raise ConfigError(f"counters[{i}].weights.{sid} = {w}: must be between 0.1 and 10")
    counters = {c.id: c for c in spec.counters}
    for i, d in enumerate(spec.devices):
        if d.role == "counter" and d.counter not in counters:
            raise ConfigError(
                f'devices[{i}].counter = "{d.counter}": a counter device needs the id of a counter'
            )
    lim = spec.limits
    lows: tuple[tuple[str, float], ...] = (
        ("kiosk_burst", 1),
        ("max_frame_bytes", 1024),
        ("send_buffer_bytes", 4096),
        ("max_connections", 16),
        ("max_unauthenticated", 1),
        ("unauthenticated_per_address", 1),
        ("hello_timeout_s", 1),
        ("connection_burst_per_address", 1),
        ("send_deadline_s", 1),
        ("request_burst", 1),
        ("phones_per_ticket", 1),
    )
    for name, least in lows:
        if getattr(lim, name) < least:
            raise ConfigError(f"limits.{name} = {getattr(lim, name)}: must be at least {least:g}")
    for name in ("kiosk_per_minute", "requests_per_second", "connections_per_address_per_s"):
        if getattr(lim, name) <= 0:
            raise ConfigError(f"limits.{name} = {getattr(lim, name)}: must be above 0")
    for name in CounterRules.__struct_fields__:
        low = 1 if name in ("pin_attempts", "pin_lockout_min") else 0
        value = getattr(spec.counter_rules, name)
        if value < low:
            raise ConfigError(f"counter_rules.{name} = {value}: must be at least {low}")
    if not 0 <= spec.display.history <= 20:
        # The server keeps the last 20 calls; a display cannot list more than that.
        raise ConfigError(f"display.history = {spec.display.history}: must be between 0 and 20")
    hours = {
        n: tuple(
            _parse_span(f"hours.{day}[{j}]", v) for j, v in enumerate(getattr(spec.hours, day))
        )
        for n, day in enumerate(WEEKDAYS)
    }
    return CentreConfig(
        spec=spec,
        tz=tz,
        hours=hours,
        holidays=frozenset(spec.hours.holidays),
        services=services,
        priorities={p.id: p for p in spec.priorities},
        counters=counters,
        devices={d.id: d for d in spec.devices},
    )


def _value_at(raw: Any, path: str) -> Any:
    """Follow a msgspec error path like `$.services[0].prefix` into the raw TOML data."""
    node = raw
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        try:
            node = node[name] if name else node[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def from_dict(raw: dict[str, Any]) -> CentreConfig:
    try:
        spec = msgspec.convert(raw, CentreSpec, strict=False)
    except msgspec.ValidationError as e:
        text = str(e)
        m = re.search(r" - at `\$(.*)`$", text)
        problem = text[: m.start()] if m else text
        if m:
            key = m.group(1).lstrip(".")
            value = _value_at(raw, m.group(1))
            shown = "" if value is None else f" = {value!r}"
            if problem.startswith("Object contains unknown field"):
                raise ConfigError(f"{key}: {problem.lower()}") from None
            raise ConfigError(f"{key}{shown}: {problem.lower()}") from None
        raise ConfigError(problem.lower()) from None
    return _check(spec)


def loads(text: str) -> CentreConfig:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}") from None
    return from_dict(raw)


def load(path: Path) -> CentreConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    return loads(text)


def default_text() -> str:
    return resources.files("server").joinpath("default_centre.toml").read_text(encoding="utf-8")


def load_default() -> CentreConfig:
    return loads(default_text())
