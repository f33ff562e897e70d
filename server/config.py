"""A centre's TOML configuration, validated into typed, frozen settings.

Validation looks twice, and reports every problem it finds at once (server/config_problems.py
says how each is named): first whether every key is known and every value of the right kind
(server/config_shape.py), then, once they are, what the values mean together
(server/config_meaning.py). Problems become one `ConfigError`; warnings (allowed, probably
not meant) ride along on the loaded config.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import msgspec

from server.config_booking import booking_problems
from server.config_meaning import WEEKDAYS as WEEKDAYS
from server.config_meaning import Span as Span
from server.config_meaning import check, slug
from server.config_problems import ConfigError as ConfigError
from server.config_problems import Problems
from server.config_problems import id_problem as id_problem
from server.config_remote import RemoteConfig, remote_problems
from server.config_shape import shape_problems

# "booking": the municipality's website, booking through the HTTP API and nothing else.
# "feedback": an exit tablet asking visitors how their visit was (docs/feedback.md).
ROLES = ("kiosk", "display", "counter", "manager", "booking", "feedback")


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
    # The centre's id in the network's facts files (docs/facts.md); None: a slug of the LV name.
    id: str | None = None


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


class BookingHours(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """When a service takes bookings, per weekday; a day left out books in the centre's
    hours of that day, an empty list books nothing that day."""

    mon: list[str] | None = None
    tue: list[str] | None = None
    wed: list[str] | None = None
    thu: list[str] | None = None
    fri: list[str] | None = None
    sat: list[str] | None = None
    sun: list[str] | None = None


class BookingRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How a service takes appointments (`[services.booking]`); absent: walk-ins only."""

    slot_min: int = 15
    # Visitors booked into one slot at most (also capped by `share`, see core/booking.py).
    places: int = 1
    hours: BookingHours = BookingHours()
    days_ahead: int = 30
    # The share of the capacity of the counters serving this service kept for bookings.
    share: float = 0.5
    # Minutes after the booked time a visitor may still check in and be served as booked.
    grace_min: int = 10
    # Dates without bookings beyond the centre's holidays (walk-ins are still served).
    blackout: list[date] = []


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
    booking: BookingRules | None = None


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
    role: Literal["kiosk", "display", "counter", "manager", "booking", "feedback"]
    # A counter device's counter; a feedback tablet's optional one (it rates its visits); a
    # display's makes it a window display above that counter.
    counter: str | None = None
    # A display's zone: only these services' calls and queues (empty: all of them).
    services: list[str] = []


class Policy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Literal["accumulating", "strict", "fifo"] = "accumulating"
    # Under "accumulating", a checked-in appointment whose time has come ranks as if it had
    # already waited this long (core/policy.py): it is called at its time, ahead of walk-ins.
    appointment_head_start_min: int = 15


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


class Bookings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Centre-wide booking settings (the `[bookings]` table)."""

    # Days a booking's name and contact are kept after its day; the server deletes older
    # ones every night (`rinda purge` does it at once).
    retain_days: int = 90


class ReportSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Wait-time reports (the `[reports]` table, docs/reports.md)."""

    # Figures per clerk (`--by clerk`); in some centres they need the staff's agreement.
    per_clerk: bool = False


def default_reasons() -> dict[str, Text]:
    """The reasons a visitor may give with a rating unless `[feedback.reasons]` says others."""
    return {
        "waited_too_long": Text(
            lv="Pārāk ilgi gaidīju", ru="Пришлось слишком долго ждать", en="I waited too long"
        ),
        "not_helped": Text(
            lv="Man nevarēja palīdzēt", ru="Мне не смогли помочь", en="I could not be helped"
        ),
        "unclear_information": Text(
            lv="Neskaidra informācija", ru="Непонятная информация", en="Unclear information"
        ),
        "other": Text(lv="Cits iemesls", ru="Другая причина", en="Something else"),
    }


class FeedbackConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Visitors' ratings of their visit (the `[feedback]` table, docs/feedback.md)."""

    # The phone page asks "How was your visit?" once the visit was served.
    phone: bool = True
    # Minutes after the visit ended during which it may be rated, and the rating changed.
    change_min: int = 60
    # Faces given to one ticket at most (the first and its changes; a reason added to the
    # face just given is free, once per face): the log stays bounded.
    max_changes: int = 5
    # 0: no free text. 1..500: the phone page offers a comment of at most this many
    # characters, kept apart from the log like bookings' personal data, and purged with it.
    comment_chars: int = 0
    # A counter's tablet rates the visit last finished there this many minutes ago at most,
    # if nobody rated it yet; otherwise its rating is anonymous.
    tablet_window_min: int = 10
    # Reason id -> its names, in the order the visitor is offered them.
    reasons: dict[str, Text] = msgspec.field(default_factory=default_reasons)


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
    bookings: Bookings = Bookings()
    reports: ReportSettings = ReportSettings()
    feedback: FeedbackConfig = FeedbackConfig()
    remote: RemoteConfig = RemoteConfig()


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
    # Per service that takes bookings: weekday -> the spans its slots fill.
    booking_hours: dict[str, dict[int, tuple[Span, ...]]] = field(default_factory=dict)
    # What check-config warns about (the server logs them when it starts).
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> Text:
        return self.spec.centre.name

    @property
    def centre_id(self) -> str:
        """The id the network knows this centre by: `[centre] id`, else its LV name's slug."""
        return self.spec.centre.id or slug(self.spec.centre.name.lv)

    @property
    def limits(self) -> Limits:
        return self.spec.limits

    @property
    def counter_rules(self) -> CounterRules:
        return self.spec.counter_rules

    @property
    def feedback(self) -> FeedbackConfig:
        return self.spec.feedback

    @property
    def remote(self) -> RemoteConfig:
        return self.spec.remote


def from_dict(raw: dict[str, Any]) -> CentreConfig:
    problems = Problems()
    shape_problems(raw, CentreSpec, problems)
    if problems.lines:
        raise problems.error()
    try:
        spec = msgspec.convert(raw, CentreSpec, strict=False)
    except msgspec.ValidationError as e:
        # The shape check above accepts only what converts; this is its safety net.
        raise ConfigError(f"{e}".lower()) from None
    tz, hours = check(spec, problems)
    booking_hours = booking_problems(spec, hours, problems)
    remote_problems(spec, problems)
    if problems.lines or tz is None:
        raise problems.error()
    return CentreConfig(
        spec=spec,
        tz=tz,
        hours=hours,
        holidays=frozenset(spec.hours.holidays),
        services={s.id: s for s in spec.services},
        priorities={p.id: p for p in spec.priorities},
        counters={c.id: c for c in spec.counters},
        devices={d.id: d for d in spec.devices},
        booking_hours=booking_hours,
        warnings=tuple(problems.warnings),
    )


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
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path} is not UTF-8 text (byte {e.start})") from None
    try:
        return loads(text)
    except ConfigError as e:
        raise e.in_file(path) from None


def default_text() -> str:
    return resources.files("server").joinpath("default_centre.toml").read_text(encoding="utf-8")


def load_default() -> CentreConfig:
    return loads(default_text())
