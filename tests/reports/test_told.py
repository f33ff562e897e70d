"""How wrong the waits told at issue were (Figures.told), on small hand-built logs, each
worked out by hand in the test (docs/reports.md, "Told waits"). Day D is Monday 2 November
2026 in Riga; a told wait is close when the real one missed it by at most 5 min (300 s) or a
quarter of the figure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from server.config import CentreConfig
from server.protocol.reports import Told
from server.reports.tally import close_enough
from tests.reports.helpers import LogBuilder, local, report, rows

D = date(2026, 11, 2)
NOT_TOLD = Told(
    count=0, told_mean_s=None, waited_mean_s=None, error_mean_s=None, bias_s=None, close=None
)


def test_close_is_five_minutes_or_a_quarter_of_the_figure() -> None:
    assert close_enough(600, 900)  # off by 300 s: 5 min
    assert not close_enough(600, 901)  # 301 s, more than 5 min and than 600 / 4 = 150 s
    assert close_enough(2400, 3000)  # off by 600 s = 2400 / 4
    assert not close_enough(2400, 3001)
    assert close_enough(2400, 1800)  # either way
    assert close_enough(0, 300) and not close_enough(0, 301)  # "no wait" that took 5 min


async def test_told_against_real_per_service(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0), told=600)
    a2 = log.take("social", local(D, 9, 5), told=300)
    a3 = log.take("social", local(D, 9, 30), told=2400)
    log.serve("1", a1, local(D, 9, 12), local(D, 9, 20))  # waited 720: +120, close
    log.serve("1", a2, local(D, 9, 25), local(D, 9, 29))  # waited 1200: +900, not close
    log.serve("1", a3, local(D, 9, 40), local(D, 9, 45))  # waited 600: -1800, not close
    b1 = log.take("tax", local(D, 11, 0), told=2400)
    b2 = log.take("tax", local(D, 11, 5))  # as from an older Rinda: no told wait
    b3 = log.take("tax", local(D, 11, 10), told=60)
    log.serve("3", b1, local(D, 11, 50), local(D, 11, 52))  # waited 3000: +600 = 2400 / 4
    log.serve("3", b2, local(D, 11, 55), local(D, 11, 58))  # waited 3000, told nothing
    log.cancel(b3, local(D, 11, 20))  # never called: no real wait to compare
    await log.save(log_path)

    r = report(log_path, config, D, D)
    social, tax = rows(r)["social"], rows(r)["tax"]
    # Told 600 + 300 + 2400 = 3300, waited 720 + 1200 + 600 = 2520; misses +120, +900, -1800:
    # |.| 2820, signed -780. Over 3: 1100, 840, 940, -260 (told too long on the whole).
    assert social.told == Told(
        count=3, told_mean_s=1100, waited_mean_s=840, error_mean_s=940, bias_s=-260, close=1 / 3
    )
    # Only b1: told 2400, waited 3000, off by 600, too optimistic by 600, close.
    assert tax.told == Told(
        count=1, told_mean_s=2400, waited_mean_s=3000, error_mean_s=600, bias_s=600, close=1.0
    )
    assert (tax.tickets, tax.wait.count) == (3, 2)  # b2 has a wait all the same
    # Total: 4 visits; told 5700 / 4 = 1425, waited 5520 / 4 = 1380, |miss| 3420 / 4 = 855,
    # miss -780 + 600 = -180, / 4 = -45; close 2 of 4.
    assert r.total.told == Told(
        count=4, told_mean_s=1425, waited_mean_s=1380, error_mean_s=855, bias_s=-45, close=0.5
    )
    by_hour = rows(report(log_path, config, D, D, "hour"))
    assert by_hour["09"].told == social.told and by_hour["11"].told == tax.told
    by_counter = rows(report(log_path, config, D, D, "counter"))
    assert by_counter["3"].told == tax.told
    assert by_counter[""].told == NOT_TOLD  # b3, cancelled at no counter


async def test_a_transfer_is_told_nothing_new(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0), told=600)
    log.call("1", a1, local(D, 9, 5))  # waited 300: -300, close
    log.transfer("1", a1, "tax", local(D, 9, 10))
    log.serve("3", a1, local(D, 9, 40), local(D, 9, 45))  # tax waited 1800, told nothing
    await log.save(log_path)

    r = report(log_path, config, D, D)
    social, tax = rows(r)["social"], rows(r)["tax"]
    assert social.told == Told(
        count=1, told_mean_s=600, waited_mean_s=300, error_mean_s=300, bias_s=-300, close=1.0
    )
    assert tax.wait.count == 1 and tax.told == NOT_TOLD
    assert r.total.told == social.told  # one ticket, one figure told


async def test_a_no_show_called_back_is_measured_to_its_first_call(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 10, 0), told=900)
    log.call("2", a1, local(D, 10, 10))  # waited 600: -300, close
    log.no_show("2", a1, local(D, 10, 12))
    log.call("2", a1, local(D, 10, 40))  # called back: the wait had ended at the first call
    log.finish("2", a1, local(D, 10, 50))
    await log.save(log_path)

    social = rows(report(log_path, config, D, D))["social"]
    assert social.served == 1
    assert social.told == Told(
        count=1, told_mean_s=900, waited_mean_s=600, error_mean_s=300, bias_s=-300, close=1.0
    )


async def test_tickets_never_called_are_left_out(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    log.take("social", local(D, 16, 0), told=300)  # still waiting when the day ends
    a2 = log.take("social", local(D, 16, 5), told=300)
    log.call("1", a2, local(D, 16, 25))  # called, never finished: waited 1200, +900
    await log.save(log_path)

    social = rows(report(log_path, config, D, D))["social"]
    assert social.unserved == 2
    assert social.told == Told(
        count=1, told_mean_s=300, waited_mean_s=1200, error_mean_s=900, bias_s=900, close=0.0
    )


async def test_a_log_from_before_told_waits_has_no_figure(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0))
    log.serve("1", a1, local(D, 9, 10), local(D, 9, 20))
    await log.save(log_path)

    r = report(log_path, config, D, D)
    assert rows(r)["social"].told == NOT_TOLD and r.total.told == NOT_TOLD
    assert r.total.wait.count == 1


async def test_an_appointment_is_measured_from_its_check_in(
    log_path: Path, bookable: CentreConfig
) -> None:
    log = LogBuilder(bookable)
    log.book("social", local(D, 10), "K1", local(D.replace(day=1), 12))
    k1 = log.check_in("K1", local(D, 9, 50), told=900)  # told at 09:50: "15 min"
    log.serve("2", k1, local(D, 10, 5), local(D, 10, 15))
    await log.save(log_path)

    social = rows(report(log_path, bookable, D, D))["social"]
    assert social.wait.max_s == 300  # the report's wait runs from the booked 10:00
    # The figure was "from now": from 09:50 to the call at 10:05 is 900, exactly as told.
    assert social.told == Told(
        count=1, told_mean_s=900, waited_mean_s=900, error_mean_s=0, bias_s=0, close=1.0
    )


async def test_an_absurd_figure_counts_as_a_day_and_a_negative_one_as_none(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0), told=10**15)  # would overflow SQLite's sums
    a2 = log.take("social", local(D, 9, 0), told=-600)
    log.serve("1", a1, local(D, 9, 10), local(D, 9, 20))  # waited 600
    log.serve("2", a2, local(D, 9, 10), local(D, 9, 20))  # waited 600
    await log.save(log_path)

    # Told 86400 and 0: mean 43200; misses 600 - 86400 = -85800 and +600: |.| 86400 / 2 =
    # 43200, signed -85200 / 2 = -42600; neither is close (the second missed by 10 min).
    social = rows(report(log_path, config, D, D))["social"]
    assert social.told == Told(
        count=2,
        told_mean_s=43200,
        waited_mean_s=600,
        error_mean_s=43200,
        bias_s=-42600,
        close=0.0,
    )
