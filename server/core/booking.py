"""Slots: when a service can be booked, how many places a slot has, and which are free.

Pure, like the rest of the core: `now` comes in, the bookings come in as a `BookingBook`.

- A service's slots fill its booking hours (`[services.booking.hours]`, else the centre's
  hours) from the start of each span, `slot_min` apart, each ending inside the span. A
  holiday or a blackout date has none.
- Slots follow the local wall clock in the centre's time zone and are kept as UTC instants.
  On the night clocks go forward a wall-clock time that does not exist (03:xx in Riga on the
  last Sunday of March) has no slot; on the night they go back, a repeated wall-clock time
  has one slot, at its first occurrence. A 09:00 slot is at 09:00 local on every day.
- A slot has `places` places, but never more than the share of the counters serving the
  service that is kept for bookings can see in a slot:
  floor(share x counters x slot_min / default_service_min), at least 1. So walk-ins always
  keep the rest of the counters' time.
- A visitor may book from now (a slot that has not started) to `days_ahead` local days on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from server.config import BookingRules, CentreConfig, Service
from server.core import errors as err
from server.core.model import Booking

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
# A booking's place counts while it may still come (or has come).
HOLDING = ("booked", "checked_in")


def normal_code(text: str) -> str | None:
    """A typed or scanned code as stored (case and spaces, dashes do not matter), or None
    if it cannot be a code at all."""
    code = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def grouped(code: str) -> str:
    """A check-in code as people read and type it: "K7M 4QP" (`normal_code` takes it with or
    without the space)."""
    return f"{code[:3]} {code[3:]}"


def rules_of(service: Service) -> BookingRules:
    if service.booking is None:
        raise err.NotBookable(f'Service "{service.id}" does not take bookings.')
    return service.booking


def places(config: CentreConfig, service: Service) -> int:
    """How many visitors one slot of `service` may hold."""
    rules = rules_of(service)
    counters = sum(1 for c in config.counters.values() if service.id in c.services) or 1
    cap = int(rules.share * counters * rules.slot_min / service.default_service_min)
    return max(1, min(rules.places, cap))


def _exists(local: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def day_slots(config: CentreConfig, service: Service, day: date) -> list[datetime]:
    """The UTC starts of every slot of `service` on the local `day`, in order."""
    rules = rules_of(service)
    if day in config.holidays or day in rules.blackout:
        return []
    out: list[datetime] = []
    step = rules.slot_min
    for span in config.booking_hours[service.id].get(day.weekday(), ()):
        begin = span.start.hour * 60 + span.start.minute
        end = 24 * 60 if span.end is None else span.end.hour * 60 + span.end.minute
        for minute in range(begin, end - step + 1, step):
            local = datetime.combine(day, time(minute // 60, minute % 60), config.tz)
            if _exists(local):
                out.append(local.astimezone(UTC))
    return out


def local_day(config: CentreConfig, at: datetime) -> date:
    return at.astimezone(config.tz).date()


def bookable_days(config: CentreConfig, service: Service, now: datetime) -> Iterator[date]:
    today = local_day(config, now)
    for offset in range(rules_of(service).days_ahead + 1):
        yield today + timedelta(days=offset)


# Days of slots a BookingBook remembers before it starts again (a few years of one service).
SLOT_DAYS_KEPT = 4096


class BookingBook:
    """The bookings of the state, indexed: by code and by secret, and the places taken per
    (service, slot start). Kept in step with the state by the core's `apply`.

    It also remembers each (service, day)'s slots once computed: they depend only on the
    config, which is frozen, and computing them (time zone arithmetic per slot) is most of
    the cost of listing a month of free slots."""

    def __init__(self, bookings: Iterable[Booking] = ()) -> None:
        self.by_code: dict[str, Booking] = {}
        self.by_secret: dict[str, Booking] = {}
        self.taken: dict[tuple[str, datetime], int] = {}
        self._slots: dict[tuple[str, date], tuple[datetime, ...]] = {}
        self._slots_config: CentreConfig | None = None
        for b in bookings:
            self.add(b)

    def slots(self, config: CentreConfig, service: Service, day: date) -> tuple[datetime, ...]:
        """`day_slots`, remembered (for the config it was first asked with)."""
        if config is not self._slots_config or len(self._slots) >= SLOT_DAYS_KEPT:
            self._slots, self._slots_config = {}, config
        key = (service.id, day)
        found = self._slots.get(key)
        if found is None:
            found = self._slots[key] = tuple(day_slots(config, service, day))
        return found

    def add(self, b: Booking) -> None:
        self.by_code[b.code] = b
        self.by_secret[b.secret] = b
        if b.status in HOLDING:
            self._count(b, 1)

    def forget(self, b: Booking) -> None:
        self.by_code.pop(b.code, None)
        self.by_secret.pop(b.secret, None)
        if b.status in HOLDING:
            self._count(b, -1)

    def release(self, b: Booking) -> None:
        """`b` stops holding its place (cancelled or missed); call before changing status."""
        if b.status in HOLDING:
            self._count(b, -1)

    def _count(self, b: Booking, n: int) -> None:
        key = (b.service, b.start)
        left = self.taken.get(key, 0) + n
        if left:
            self.taken[key] = left
        else:
            self.taken.pop(key, None)


def free_slots(
    config: CentreConfig,
    book: BookingBook,
    service: Service,
    now: datetime,
    days: Iterable[date] | None = None,
) -> list[tuple[datetime, int]]:
    """(start, free places) of every slot of `service` that has not started and has room,
    on `days` (default: every day one may book now)."""
    full = places(config, service)
    limit = local_day(config, now) + timedelta(days=rules_of(service).days_ahead)
    out = []
    for day in bookable_days(config, service, now) if days is None else days:
        if day > limit:
            break
        for start in book.slots(config, service, day):
            free = full - book.taken.get((service.id, start), 0)
            if start > now and free > 0:
                out.append((start, free))
    return out


def when(config: CentreConfig, at: datetime) -> str:
    return f"{at.astimezone(config.tz):%d.%m.%Y %H:%M}"


def check_slot(
    config: CentreConfig,
    book: BookingBook,
    service: Service,
    start: datetime,
    now: datetime,
    moving: Booking | None = None,
    extra: int = 0,
) -> None:
    """Raise unless one more visitor may book `service` at `start` now. `moving`: the
    booking being moved (its own place does not count against it); `extra`: places taken by
    an import's earlier rows not yet in the book."""
    rules = rules_of(service)
    if start.tzinfo is None:
        raise err.SlotUnavailable("A slot time needs its time zone (UTC, with Z).")
    if start <= now:
        raise err.SlotInPast(f"{when(config, start)} has already begun: choose a later slot.")
    day = local_day(config, start)
    if day > local_day(config, now) + timedelta(days=rules.days_ahead):
        raise err.SlotUnavailable(
            f'Service "{service.id}" can be booked at most {rules.days_ahead} days ahead.'
        )
    if day in config.holidays or day in rules.blackout:
        raise err.SlotUnavailable(f"{day:%d.%m.%Y} takes no bookings (a holiday or closed).")
    if start not in book.slots(config, service, day):
        raise err.SlotUnavailable(
            f'{when(config, start)} is not a slot of "{service.id}": choose one of its free slots.'
        )
    taken = book.taken.get((service.id, start), 0) + extra
    if moving is not None and moving.service == service.id and moving.start == start:
        taken -= 1
    if taken >= places(config, service):
        raise err.SlotFull(f"The slot at {when(config, start)} is full: choose another.")


def grace_end(service: Service, start: datetime) -> datetime:
    """Until when a visitor booked at `start` may check in (a service that stopped taking
    bookings keeps the default grace for the bookings it has)."""
    grace = (service.booking or BookingRules()).grace_min
    return start + timedelta(minutes=grace)
