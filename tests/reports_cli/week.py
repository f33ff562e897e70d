"""A simulated week of the small test centre (tests/conftest.py), made by the pure core and
stored as the server stores it, with figures simple enough to work out by hand:

- Monday 2 to Friday 6 November 2026, open 08:00-18:00; nothing at the weekend.
- Every hour from 09:00 to 16:00 one "social" ticket at :00, called at counter 2 after
  5 minutes on Monday, 6 on Tuesday ... 9 on Friday (mean wait 7:00), served for 10 minutes;
  and one "tax" ticket at :30, called at counter 3 after 2 minutes, served for 5 minutes.
- Monday has two more social tickets (at 17:00 and 17:20, served straight away, so their
  waits are 0 and 0): the busiest weekday.
- Wednesday 17:00 one more tax ticket, called a minute later and marked a no-show; counter 3
  pauses (17:05-17:10) with a reason typed by the clerk that looks like a spreadsheet
  formula.

So: social 42 tickets, 42 served; tax 41 tickets, 40 served, 1 no-show; 83 in all.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from server.config import CentreConfig, loads
from server.core import commands as c
from tests.conftest import centre_toml
from tests.reports.helpers import LogBuilder, local

MONDAY = date(2026, 11, 2)
DAYS = [MONDAY + timedelta(days=i) for i in range(5)]
PAUSE_REASON = '=HYPERLINK("http://x","kafija")'


def week_config() -> CentreConfig:
    return loads(centre_toml(hours='["08:00-18:00"]'))


def week_toml() -> str:
    return centre_toml(hours='["08:00-18:00"]')


async def build_week(db: Path) -> None:
    log = LogBuilder(week_config())
    for i, day in enumerate(DAYS):
        for hour in range(9, 17):
            social = log.take("social", local(day, hour))
            log.serve("2", social, local(day, hour, 5 + i), local(day, hour, 15 + i))
            tax = log.take("tax", local(day, hour, 30))
            log.serve("3", tax, local(day, hour, 32), local(day, hour, 37))
        if i == 0:
            for minute in (0, 20):
                extra = log.take("social", local(day, 17, minute))
                log.serve("2", extra, local(day, 17, minute), local(day, 17, minute + 10))
        if i == 2:
            late = log.take("tax", local(day, 17))
            log.call("3", late, local(day, 17, 1))
            log.run(c.NoShow(counter="3", ticket=late), local(day, 17, 4))
            log.run(c.Pause(counter="3", reason=PAUSE_REASON), local(day, 17, 5))
            log.run(c.Resume(counter="3"), local(day, 17, 10))
    await log.save(db)
