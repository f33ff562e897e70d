"""The second look at a centre file, once every value has the right kind: what the values
mean together (ids unique, prefixes unique, counters name real services, hours parse, limits
sensible), every problem at once; and what is allowed but probably not meant (warnings).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.config_problems import Problems, id_problem, item, key, quoted

if TYPE_CHECKING:
    from server.config import CentreSpec, Counter, Service

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})")
_PREFIX = re.compile(r"[A-Z]{1,2}")
# [limits]: the least each may be (the rates: above 0).
LIMIT_LOWS: tuple[tuple[str, float], ...] = (
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
RATES = ("kiosk_per_minute", "requests_per_second", "connections_per_address_per_s")
# A centre's id in the network's files (`[centre] id`): short, and the same in any file name,
# spreadsheet or shell.
CENTRE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CENTRE_ID_MAX = 32
CENTRE_ID_RULE = f'use 1-{CENTRE_ID_MAX} small letters a-z and digits, words joined by "-"'


def slug(name: str) -> str:
    """A centre id made from its name: "Ogres novada VPVKAC" -> "ogres-novada-vpvkac"
    (diacritics dropped, cut at a word within CENTRE_ID_MAX); "centre" if nothing is left."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = ""
    for w in words:
        longer = f"{out}-{w}" if out else w
        if len(longer) > CENTRE_ID_MAX:
            break
        out = longer
    return out or (words[0][:CENTRE_ID_MAX] if words else "centre")


@dataclass(frozen=True)
class Span:
    start: time
    # None means the end of the day (written "24:00").
    end: time | None

    def contains(self, t: time) -> bool:
        return self.start <= t and (self.end is None or t < self.end)


def parse_span(where: str, value: str, problems: Problems) -> Span | None:
    m = _SPAN.fullmatch(value)
    if not m:
        problems.add(where, 'expected a span like "08:30-17:00"', value)
        return None
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        problems.add(where, "not a time of day", value)
        return None
    start, end = time(h1, m1), None if h2 == 24 else time(h2, m2)
    if end is not None and end <= start:
        problems.add(where, "the span ends before it starts", value)
        return None
    return Span(start, end)


def _unique(kind: str, ids: Sequence[str], problems: Problems) -> None:
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        where = f"{kind}[{i + 1}].id"
        wrong = id_problem(ident)
        if wrong is not None:
            problems.add(where, wrong, ident)
        elif ident in first:
            problems.add(where, f"this id is used twice (also by {kind}[{first[ident]}])", ident)
        else:
            first[ident] = i + 1


def _services(spec: CentreSpec, problems: Problems) -> None:
    institutions = {x.id for x in spec.institutions}
    prefixes: dict[str, str] = {}
    for i, s in enumerate(spec.services):
        at = item("services", i, s.id)
        if not _PREFIX.fullmatch(s.prefix):
            problems.add(f"{at}.prefix", "use one or two capital letters A-Z", s.prefix)
        elif s.prefix in prefixes:
            problems.add(
                f"{at}.prefix",
                f"already the prefix of service {quoted(prefixes[s.prefix])}",
                s.prefix,
            )
        else:
            prefixes[s.prefix] = s.id
        if institutions and s.institution not in institutions:
            problems.add(
                f"{at}.institution", "no such institution in [[institutions]]", s.institution
            )
        for field, low in (("target_wait_min", 1), ("stop_issuing_min", 0)):
            if getattr(s, field) < low:
                problems.add(f"{at}.{field}", f"must be at least {low}", getattr(s, field))
        if s.default_service_min <= 0:
            problems.add(f"{at}.default_service_min", "must be above 0", s.default_service_min)
        if s.digits not in (3, 4):
            problems.add(f"{at}.digits", "must be 3 or 4", s.digits)


def _counters(spec: CentreSpec, problems: Problems) -> None:
    services = {s.id for s in spec.services}
    for i, c in enumerate(spec.counters):
        at = item("counters", i, c.id)
        if not c.services:
            problems.add(f"{at}.services", "the counter serves nothing", [])
        for sid in c.services:
            if sid not in services:
                problems.add(f"{at}.services", f"{quoted(sid)} is not a service id")
        for sid, w in c.weights.items():
            if sid not in c.services:
                problems.add(
                    f"{at}.weights.{key(sid)}", f"the counter does not serve {quoted(sid)}", w
                )
            elif not 0.1 <= w <= 10.0:
                problems.add(f"{at}.weights.{key(sid)}", "must be between 0.1 and 10", w)
    counters = {c.id for c in spec.counters}
    for i, d in enumerate(spec.devices):
        at = f"{item('devices', i, d.id)}.counter"
        if d.role == "counter" and d.counter not in counters:
            problems.add(at, "a counter device needs the id of a counter", d.counter or "")
        elif d.role in ("feedback", "display") and d.counter not in (None, *counters):
            problems.add(at, "no such counter in [[counters]]", d.counter)
    _zones(spec, problems)


def _zones(spec: CentreSpec, problems: Problems) -> None:
    """A display device's `services` (its zone) name services, and only a display has one."""
    services = {s.id for s in spec.services}
    for i, d in enumerate(spec.devices):
        at = f"{item('devices', i, d.id)}.services"
        if d.services and d.role != "display":
            problems.add(at, f"only a display shows a zone of services, not a {d.role}")
        elif d.services and d.counter is not None:
            problems.add(at, "a window display (with a counter) shows its counter, not a zone")
        for sid in d.services:
            if sid not in services:
                problems.add(at, f"{quoted(sid)} is not a service id")


def _settings(spec: CentreSpec, problems: Problems) -> None:
    for i, p in enumerate(spec.priorities):
        if not 1.0 <= p.weight <= 100.0:
            problems.add(
                f"{item('priorities', i, p.id)}.weight", "must be between 1 and 100", p.weight
            )
    lim = spec.limits
    for name, least in LIMIT_LOWS:
        if getattr(lim, name) < least:
            problems.add(f"limits.{name}", f"must be at least {least:g}", getattr(lim, name))
    for name in RATES:
        if getattr(lim, name) <= 0:
            problems.add(f"limits.{name}", "must be above 0", getattr(lim, name))
    rules = spec.counter_rules
    for name in rules.__struct_fields__:
        low = 1 if name in ("pin_attempts", "pin_lockout_min") else 0
        if getattr(rules, name) < low:
            problems.add(f"counter_rules.{name}", f"must be at least {low}", getattr(rules, name))
    _feedback(spec, problems)
    if not 0 <= spec.display.history <= 20:
        # The server keeps the last 20 calls; a display cannot list more than that.
        problems.add("display.history", "must be between 0 and 20", spec.display.history)


# [feedback]: the range each whole number must be in.
FEEDBACK_RANGES = (
    ("change_min", 1, 24 * 60),
    ("max_changes", 1, 20),
    ("comment_chars", 0, 500),
    ("tablet_window_min", 0, 24 * 60),
)


def _feedback(spec: CentreSpec, problems: Problems) -> None:
    fb = spec.feedback
    for name, low, high in FEEDBACK_RANGES:
        if not low <= getattr(fb, name) <= high:
            problems.add(f"feedback.{name}", f"must be between {low} and {high}", getattr(fb, name))
    for rid, names in fb.reasons.items():
        where = f"feedback.reasons.{key(rid)}"
        wrong = id_problem(rid)
        if wrong is not None:
            problems.add(where, wrong)
        for lang in ("lv", "ru", "en"):
            text = getattr(names, lang)
            if not text.strip() or len(text) > 60 or any(ch < " " for ch in text):
                problems.add(
                    f"{where}.{lang}", "use 1-60 characters on one line (it is a button)", text
                )


def _thin_cover(
    services: Sequence[Service], counters: Sequence[Counter], problems: Problems
) -> None:
    """A service that one counter alone serves waits whenever that counter is closed."""
    if not counters:
        return  # a centre without [[counters]]: any counter may call any service
    for i, s in enumerate(services):
        serving = [c.id for c in counters if s.id in c.services]
        if len(serving) == 1:
            problems.warn(
                item("services", i, s.id),
                f"only counter {quoted(serving[0])} serves it: its visitors wait whenever "
                "that counter is closed",
            )
        elif not serving:
            problems.warn(
                item("services", i, s.id), "no counter serves it: nobody can call its visitors"
            )


def check(
    spec: CentreSpec, problems: Problems
) -> tuple[ZoneInfo | None, dict[int, tuple[Span, ...]]]:
    """Every problem of meaning in `spec` into `problems`; the time zone and the opening hours
    (parsed: only meaningful if no problem was found)."""
    tz: ZoneInfo | None = None
    try:
        tz = ZoneInfo(spec.centre.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(
            "centre.timezone",
            'not a known time zone (for example "Europe/Riga")',
            spec.centre.timezone,
        )
    ident = spec.centre.id
    if ident is not None and not (len(ident) <= CENTRE_ID_MAX and CENTRE_ID.fullmatch(ident)):
        problems.add("centre.id", CENTRE_ID_RULE, ident)
    if not spec.services:
        problems.add("services", "a centre needs at least one service", [])
    for kind in ("institutions", "services", "priorities", "counters", "devices"):
        _unique(kind, [x.id for x in getattr(spec, kind)], problems)
    _services(spec, problems)
    _counters(spec, problems)
    _settings(spec, problems)
    hours: dict[int, tuple[Span, ...]] = {}
    for n, day in enumerate(WEEKDAYS):
        spans = [
            parse_span(f"hours.{day}[{j + 1}]", v, problems)
            for j, v in enumerate(getattr(spec.hours, day))
        ]
        hours[n] = tuple(s for s in spans if s is not None)
    _thin_cover(spec.services, spec.counters, problems)
    return tz, hours
