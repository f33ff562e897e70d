"""Fixtures for the event store tests: a database in a temporary folder and a small centre."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.config import WEEKDAYS, CentreConfig, loads
from server.store.events import EventStore


def _text(s: str) -> str:
    return f'{{ lv = "{s}", ru = "{s}", en = "{s}" }}'


STORE_CENTRE = "\n".join(
    [
        "[centre]",
        f"name = {_text('Store test centre')}",
        "[hours]",
        *(f'{day} = ["00:00-24:00"]' for day in WEEKDAYS),
        "[[services]]",
        'id = "a"',
        'prefix = "A"',
        f"name = {_text('A')}",
        'institution = "x"',
        "booking = { slot_min = 30, places = 2, share = 1.0 }",
        "[[services]]",
        'id = "b"',
        'prefix = "B"',
        f"name = {_text('B')}",
        'institution = "x"',
        "[[priorities]]",
        'id = "senior"',
        f"name = {_text('Senior')}",
        "[[counters]]",
        'id = "1"',
        'name = "1"',
        'services = ["a", "b"]',
        "[[counters]]",
        'id = "2"',
        'name = "2"',
        'services = ["b"]',
        "[remote]",
        "enabled = true",
    ]
)


@pytest.fixture
def store_config() -> CentreConfig:
    return loads(STORE_CENTRE)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    # A folder that does not exist yet: open() must create it.
    return tmp_path / "data" / "rinda.db"


@pytest.fixture
async def store(store_path: Path) -> AsyncIterator[EventStore]:
    s = await EventStore.open(store_path)
    try:
        yield s
    finally:
        await s.close()
