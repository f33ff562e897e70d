"""Shared fixtures: a small centre that is open around the clock, and a real server on port 0."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.config import CentreConfig, loads

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The suite's longest tests run first (in a measured run on 2 busy cores: 63-120 s each, the
# next ones 30-43 s, most under 5 s). xdist hands tests out in collection order as workers ask
# for more, and the simulations come near the end of it: one of them started late kept its
# worker busy for up to a minute after the other had run out of tests.
LONGEST_FIRST = ("tests/sim/test_theory.py::", "tests/ops/test_wheel.py::")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))  # stable


def centre_toml(
    hours: str = '["00:00-24:00"]', limits: str = "", policy: str = "accumulating"
) -> str:
    week = "\n".join(f"{d} = {hours}" for d in DAYS)
    return f"""
[centre]
name = {{ lv = "Testa centrs", ru = "Тестовый центр", en = "Test centre" }}
public_url = "http://rinda.test"

[hours]
{week}

[policy]
name = "{policy}"

[limits]
{limits}

[[institutions]]
id = "muni"
name = {{ lv = "Pašvaldība", ru = "Самоуправление", en = "Municipality" }}

[[services]]
id = "social"
prefix = "A"
institution = "muni"
name = {{ lv = "Sociālie pakalpojumi", ru = "Социальные услуги", en = "Social services" }}

[[services]]
id = "tax"
prefix = "B"
institution = "muni"
name = {{ lv = "Nodokļi", ru = "Налоги", en = "Taxes" }}

[[priorities]]
id = "disability"
weight = 4.0
name = {{ lv = "Invaliditāte", ru = "Инвалидность", en = "Disability" }}

[[priorities]]
id = "senior"
weight = 2.0
name = {{ lv = "Seniori", ru = "Пожилые", en = "Seniors" }}

[[counters]]
id = "1"
name = "1"
services = ["social", "tax"]

[[counters]]
id = "2"
name = "2"
services = ["social"]

[[counters]]
id = "3"
name = "3"
services = ["tax"]

[[devices]]
id = "k1"
role = "kiosk"

[[devices]]
id = "k2"
role = "kiosk"

[[devices]]
id = "d1"
role = "display"

[[devices]]
id = "c1"
role = "counter"
counter = "1"

[[devices]]
id = "c2"
role = "counter"
counter = "2"

[[devices]]
id = "c3"
role = "counter"
counter = "3"

[[devices]]
id = "m1"
role = "manager"
"""


def bookable_toml() -> str:
    """The small centre with "social" taking bookings: 20-minute slots, one place each, 10
    minutes of grace."""
    return centre_toml().replace(
        'name = { lv = "Sociālie pakalpojumi"',
        "booking = { slot_min = 20, places = 1, grace_min = 10 }\n"
        'name = { lv = "Sociālie pakalpojumi"',
    )


@pytest.fixture
def config() -> CentreConfig:
    return loads(centre_toml())


@dataclass
class Clock:
    """A settable clock for servers under test; starts on a Wednesday mid-morning in Riga."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 25, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rinda.db"


ServerFactory = Callable[..., object]


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[object]:
    from tests.server.harness import start_server

    async with start_server(config, db_path, clock) as srv:
        yield srv
