"""The exit tablet's tests run against the small test centre with two feedback tablets."""

from __future__ import annotations

import pytest

from server.config import CentreConfig, loads
from tests.feedback.helpers import TABLETS_TOML


@pytest.fixture
def config() -> CentreConfig:
    return loads(TABLETS_TOML)
