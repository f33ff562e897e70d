"""Shared helpers for the core tests, handed out by the session-scoped `kit` fixture.

`kit.config(...)` writes a small centre as TOML and loads it through `server.config.loads`;
`kit.run` executes a command the way the server does (starting the service day first);
`kit.rejected` asserts a command fails with a given DomainError and changes nothing.
Time is always an explicit aware UTC instant: `kit.riga(...)` turns a Riga wall-clock time
(with `fold` for the repeated hour in October) into one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import msgspec
import pytest

from server import config as cfg
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.centre import Centre
from tests.core.derived import queue

RIGA = ZoneInfo("Europe/Riga")
ALL_DAY = {day: ["00:00-24:00"] for day in cfg.WEEKDAYS}
OFFICE = {
    **{day: ["08:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
    "sat": ["09:00-13:00"],
    "sun": [],
}


def _text(s: str) -> str:
    return f'{{ lv = "{s}", ru = "{s}", en = "{s}" }}'


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _toml_value(v: object) -> str:
    """A TOML value inline: strings quoted, dates bare, lists and dicts (a service's
    `booking` table and its `hours`) as inline arrays and tables."""
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    return repr(v)


def config_toml(
    *,
    services: list[dict[str, object]] | None = None,
    priorities: dict[str, float] | None = None,
    counters: dict[str, list[str]] | None = None,
    weights: dict[str, dict[str, float]] | None = None,
    hours: dict[str, list[str]] | None = None,
    holidays: tuple[str, ...] = (),
    policy: str = "accumulating",
    timezone: str = "Europe/Riga",
    extra: str = "",
) -> str:
    """A centre config as TOML. Services are dicts of id, prefix and optional Service fields
    (`booking` a dict of BookingRules fields, `hours` in it a dict of weekday -> spans);
    `extra` is TOML of whole tables put after them (`[remote]`...)."""
    services = services or [{"id": "a", "prefix": "A", "stop_issuing_min": 0}]
    priorities = {"senior": 3.0} if priorities is None else priorities
    counters = counters or {"c1": [str(services[0]["id"])]}
    weights = weights or {}
    hours = ALL_DAY if hours is None else hours
    out = [
        "[centre]",
        f"name = {_text('Test centre')}",
        f'timezone = "{timezone}"',
        "[policy]",
        f'name = "{policy}"',
        "[hours]",
        *(f"{day} = {_toml_list(spans)}" for day, spans in hours.items()),
        f"holidays = [{', '.join(holidays)}]",
    ]
    for s in services:
        out += ["[[services]]", f"name = {_text(str(s['id']))}", 'institution = "x"']
        out += [f"{k} = {_toml_value(v)}" for k, v in s.items()]
    for pid, w in priorities.items():
        out += ["[[priorities]]", f'id = "{pid}"', f"name = {_text(pid)}", f"weight = {w}"]
    for cid, sids in counters.items():
        out += [
            "[[counters]]",
            f'id = "{cid}"',
            f'name = "{cid}"',
            f"services = {_toml_list(sids)}",
        ]
        if cid in weights:
            inner = ", ".join(f"{k} = {v}" for k, v in weights[cid].items())
            out.append(f"weights = {{ {inner} }}")
    return "\n".join([*out, extra]) + "\n"


class Kit:
    """Small verbs for driving a Centre the way the server does."""

    RIGA = RIGA
    ALL_DAY = ALL_DAY
    OFFICE = OFFICE
    config_toml = staticmethod(config_toml)

    @staticmethod
    def utc(*args: int) -> datetime:
        return datetime(*args, tzinfo=UTC)  # type: ignore[misc]

    @staticmethod
    def riga(
        y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0, fold: int = 0
    ) -> datetime:
        """A Riga wall-clock time as an aware UTC instant."""
        return datetime(y, m, d, h, mi, s, fold=fold, tzinfo=RIGA).astimezone(UTC)

    @staticmethod
    def config(**kwargs: object) -> cfg.CentreConfig:
        return cfg.loads(config_toml(**kwargs))  # type: ignore[arg-type]

    def centre(self, **kwargs: object) -> Centre:
        return Centre(self.config(**kwargs))

    @staticmethod
    def run(centre: Centre, cmd: c.AnyCommand, now: datetime) -> list[ev.AnyEvent]:
        """Execute like the server: start the service day first when it has changed."""
        if centre.needs_roll(now):
            centre.execute(c.RollDay(), now)
        return centre.execute(cmd, now)

    def take(
        self, centre: Centre, now: datetime, service: str = "a", priority: str | None = None
    ) -> str:
        cmd = c.TakeTicket(service=service, priority=priority, token="tok", device="kiosk1")
        (taken,) = self.run(centre, cmd, now)
        assert isinstance(taken, ev.TicketTaken)
        return taken.ticket

    def call(self, centre: Centre, counter: str, now: datetime) -> str | None:
        """CallNext at an open counter; the number called, or None when nobody waits."""
        if centre.state.counters[counter].status == "closed":
            self.run(centre, c.OpenCounter(counter=counter, clerk=f"clerk-{counter}"), now)
        events = self.run(centre, c.CallNext(counter=counter), now)
        called = [e for e in events if isinstance(e, ev.TicketCalled)]
        assert called == events
        return called[0].ticket if called else None

    def serve(self, centre: Centre, counter: str, now: datetime) -> str | None:
        """Call the next visitor and finish them at once."""
        number = self.call(centre, counter, now)
        if number is not None:
            self.run(centre, c.Finish(counter=counter, ticket=number), now)
        return number

    def book(self, centre: Centre, service: str, start: datetime, now: datetime, code: str) -> str:
        """Book `service` at `start` under `code` (its id is the code in lower case, its
        secret the code reversed); returns the booking's id."""
        cmd = c.Book(
            service=service,
            start=start,
            booking=code.lower(),
            code=code,
            secret=code[::-1],
            by="desk",
        )
        (made,) = self.run(centre, cmd, now)
        assert isinstance(made, ev.BookingMade)
        return made.booking

    def check_in(self, centre: Centre, code: str, now: datetime) -> ev.TicketTaken:
        (taken,) = self.run(centre, c.CheckIn(code=code, token="tok", device="kiosk1"), now)
        assert isinstance(taken, ev.TicketTaken)
        return taken

    @staticmethod
    def snapshot(centre: Centre) -> tuple[bytes, dict[str, tuple[int, tuple[str, ...]]]]:
        return msgspec.json.encode(centre.state), queue(centre)

    def rejected(
        self, centre: Centre, cmd: c.AnyCommand, now: datetime, error: type[err.DomainError]
    ) -> err.DomainError:
        """Assert `cmd` fails with `error` and changes nothing; return the error."""
        before = self.snapshot(centre)
        with pytest.raises(error) as info:
            centre.execute(cmd, now)
        assert self.snapshot(centre) == before
        assert info.value.message and info.value.code == error.code
        return info.value


@pytest.fixture(scope="session")
def kit() -> Kit:
    return Kit()
