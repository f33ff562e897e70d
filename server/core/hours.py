"""Whether a service is issuing tickets at an instant, and why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

from server.config import CentreConfig, Service, Span


@dataclass(frozen=True)
class Availability:
    issuing: bool
    # Why not, for a person.
    reason: Literal["", "closed_today", "not_yet_open", "stopped_issuing", "closed"] = ""
    # The next local wall-clock instant the service issues again, if within a fortnight.
    opens_at: datetime | None = None


def _spans(config: CentreConfig, local: datetime) -> tuple[Span, ...]:
    if local.date() in config.holidays:
        return ()
    return config.hours.get(local.weekday(), ())


def _issuing_until(span: Span, local: datetime, service: Service) -> datetime:
    end = (
        datetime.combine(local.date() + timedelta(days=1), time(0), local.tzinfo)
        if span.end is None
        else datetime.combine(local.date(), span.end, local.tzinfo)
    )
    return end - timedelta(minutes=service.stop_issuing_min)


def _open_past_midnight(config: CentreConfig, local: datetime) -> bool:
    """A span to 24:00 followed by one from 00:00 is one opening: no stop at midnight."""
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0), config.tz)
    return any(s.start == time(0) for s in _spans(config, tomorrow))


def next_opening(config: CentreConfig, now: datetime) -> datetime | None:
    local = now.astimezone(config.tz)
    for offset in range(15):
        day = local.date() + timedelta(days=offset)
        probe = datetime.combine(day, time(0), config.tz)
        for span in _spans(config, probe):
            start = datetime.combine(day, span.start, config.tz)
            if start > local:
                return start
    return None


def availability(config: CentreConfig, service: Service, now: datetime) -> Availability:
    local = now.astimezone(config.tz)
    spans = _spans(config, local)
    for span in spans:
        if span.contains(local.time()):
            if local < _issuing_until(span, local, service) or (
                span.end is None and _open_past_midnight(config, local)
            ):
                return Availability(True)
            return Availability(False, "stopped_issuing", next_opening(config, now))
    if not spans:
        return Availability(False, "closed_today", next_opening(config, now))
    first = min(s.start for s in spans)
    if local.time() < first:
        return Availability(False, "not_yet_open", next_opening(config, now))
    return Availability(False, "closed", next_opening(config, now))
