"""A simulated run's facts file (`rinda simulate --facts`): the events the simulated centre
applied, folded a local day at a time by the report's own fold, as `rinda export facts` folds
a server's log, then written the same way. Demo centres' files for the network report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import groupby

from server.config import CentreConfig
from server.core.events import AnyEvent
from server.network.facts_rows import FactRows
from server.reports.visits import visit_facts


def sim_lines(events: Iterable[AnyEvent], config: CentreConfig, centre: str) -> Iterator[str]:
    """The rows of the visits in `events` (a run's, in the order applied: time order)."""
    tz = config.tz
    rows = FactRows(config, centre)

    def local_day(e: AnyEvent) -> date:
        return e.at.astimezone(tz).date()

    for _, day in groupby(events, key=local_day):
        yield from rows.lines(visit_facts(day, tz))
