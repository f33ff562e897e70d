"""What an estimator answers (`Waits`) and what it is (`Estimator`), apart from the
estimators themselves (server/core/estimate.py and the modules it registers), so that each
estimator module can import these without importing the registry that imports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from server.core.centre import Centre

# One visit's time counts within these bounds: one forgotten "finish" or a misclick must
# not wreck an average.
MIN_SAMPLE_S = 30.0
MAX_SAMPLE_S = 2 * 3600.0

NewKey = tuple[str, str | None]


@dataclass(frozen=True)
class Waits:
    # Waiting ticket number -> seconds until it is called.
    tickets: dict[str, int]
    # (service id, priority id or None) -> seconds for a walk-in taking a ticket now.
    new: dict[NewKey, int]


class Estimator(Protocol):
    name: str

    def waits(self, centre: Centre, now: datetime) -> Waits: ...
