"""A centre's report facts (server/reports/visits.py) as rows of the facts file: one row per
visit, each value in the order and meaning of server/network/facts_schema.py.

Rows are lines of CSV text that DuckDB loads in one statement (server/network/facts_file.py):
building them is a join of plain strings per visit, where inserting Python values one row at
a time through DuckDB costs about fifty times more (docs/facts.md gives the figures).
Timestamps go as whole microseconds since 1970 (UTC), booleans as 0/1, NULL as an empty cell.

Left out on purpose: the ticket number, the counter, the clerk, bookings and anonymous ratings
(not a visit). Nothing here names a person or a member of staff.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from server.config import CentreConfig
from server.network import facts_schema as fs
from server.reports.tally import DEFAULT_TARGET_S
from server.reports.visits import NO_SHOW, Fact

# Text written as it is; anything else (a comma, a quote, a line break) is quoted as CSV.
_PLAIN = re.compile(r"[A-Za-z0-9_.\-]*")


def text(value: str) -> str:
    if _PLAIN.fullmatch(value):
        return value
    return '"' + value.replace('"', '""') + '"'


def micros(at: datetime | None) -> str:
    """Microseconds since 1970 UTC (exact: a float's 53 bits hold this century's to the µs)."""
    return "" if at is None else str(round(at.timestamp() * 1_000_000))


def _opt(n: int | None) -> str:
    return "" if n is None else str(n)


class FactRows:
    """Turns a centre's facts into rows for the centre `centre`, with the targets and
    institutions of `config` (a service no longer configured: no institution, the default
    target, as the report counts it)."""

    def __init__(self, config: CentreConfig, centre: str) -> None:
        self.head = f"{fs.VERSION},{text(centre)}"
        self.targets = {s.id: s.target_wait_min * 60 for s in config.services.values()}
        self.institutions = {s.id: s.institution for s in config.services.values()}

    def lines(self, facts: Iterable[Fact]) -> Iterator[str]:
        """One CSV line (with its newline) per visit among `facts`."""
        for f in facts:
            if f.kind != "visit":
                continue
            if f.joined_at is None:
                raise ValueError(f"visit {f.day} leg {f.leg} has no time it joined the queue")
            target = self.targets.get(f.service, DEFAULT_TARGET_S)
            wait = f.wait_s
            within = "" if wait is None else "1" if wait <= target else "0"
            # A no-show never came to the counter: its call is not a start of service.
            served = None if f.outcome == NO_SHOW else f.began_at
            yield ",".join((
                self.head,
                f.day,
                str(f.hour),
                text(f.service),
                text(self.institutions.get(f.service, "")),
                "1" if f.priority else "0",
                "1" if f.booking else "0",
                str(f.leg),
                micros(f.joined_at),
                micros(f.called_at),
                micros(served),
                micros(f.ended_at),
                _opt(wait),
                _opt(f.service_s),
                str(target),
                within,
                text(f.outcome),
                _opt(f.score),
                text(f.reason),
            )) + "\n"  # fmt: skip
