"""Fixtures of the report tests: the small test centre (tests/conftest.py) and a log path."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import CentreConfig, loads
from tests.conftest import bookable_toml, centre_toml
from tests.reports.helpers import LogBuilder


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    return tmp_path / "rinda.db"


@pytest.fixture
def log(config: CentreConfig) -> LogBuilder:
    return LogBuilder(config)


@pytest.fixture
def bookable() -> CentreConfig:
    return loads(bookable_toml())


@pytest.fixture
def clerks_config() -> CentreConfig:
    return loads(centre_toml() + "\n[reports]\nper_clerk = true\n")
