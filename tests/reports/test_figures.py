"""Figures of small hand-built logs, each worked out by hand in the test (docs/reports.md
says how each is counted). Day D is Monday 2 November 2026 in Riga (UTC+2); the test centre
is open 00:00-24:00 and every target wait is 15 min (900 s)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from server.config import CentreConfig
from server.protocol.reports import Spread
from tests.reports.helpers import LogBuilder, local, report, rows

D = date(2026, 11, 2)


async def test_a_plain_day_by_service_and_by_hour(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0))
    a2 = log.take("social", local(D, 9, 5))
    a3 = log.take("social", local(D, 9, 30))
    b1 = log.take("tax", local(D, 11, 0))
    log.serve("1", a1, local(D, 9, 10), local(D, 9, 18))  # waited 600 s, served 480 s
    log.call("2", a2, local(D, 9, 25))  # waited 1200 s
    log.start("2", a2, local(D, 9, 27))
    log.finish("2", a2, local(D, 9, 39))  # served from the start of serving: 720 s
    log.serve("1", a3, local(D, 10, 10), local(D, 10, 16))  # waited 2400 s, served 360 s
    log.cancel(b1, local(D, 11, 5))
    await log.save(log_path)

    r = report(log_path, config, D, D)
    social, tax = rows(r)["social"], rows(r)["tax"]
    assert [f.key for f in r.rows] == ["social", "tax"]
    assert (social.label, tax.label) == ("Sociālie pakalpojumi", "Nodokļi")
    assert (social.tickets, social.served, social.cancelled, social.unserved) == (3, 3, 0, 0)
    # Waits 600, 1200, 2400: mean 4200 / 3 = 1400, median the middle one, p90 the 3rd of 3
    # (ceil(0.9 x 3) = 3), max 2400.
    assert social.wait == Spread(count=3, mean_s=1400, median_s=1200, p90_s=2400, max_s=2400)
    # Service times 480, 720, 360: mean 1560 / 3 = 520, median 480.
    assert social.service_time == Spread(count=3, mean_s=520, median_s=480, p90_s=720, max_s=720)
    assert social.within_target == 1 / 3  # only the 600 s wait is within 900 s
    assert social.arrivals_per_hour == 3 / 24  # 3 tickets over a 24-hour opening
    assert (tax.tickets, tax.cancelled, tax.served) == (1, 1, 0)
    assert tax.wait == Spread(count=0, mean_s=None, median_s=None, p90_s=None, max_s=None)
    assert tax.within_target is None
    assert (r.total.key, r.total.label, r.total.tickets, r.total.served) == ("", "Kopā", 4, 3)
    assert r.total.arrivals_per_hour == 4 / 24

    by_hour = report(log_path, config, D, D, "hour", lang="en")
    assert [(f.key, f.label, f.tickets) for f in by_hour.rows] == [
        ("09", "09:00–10:00", 3),  # taken 09:00, 09:05, 09:30
        ("11", "11:00–12:00", 1),
    ]
    assert rows(by_hour)["09"].arrivals_per_hour == 3.0  # 3 tickets in one opening hour
    assert by_hour.total.label == "Total"


async def test_a_ticket_transferred_twice_is_a_visit_at_each_service(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0))
    log.call("1", a1, local(D, 9, 5))  # social waited 300 s
    log.transfer("1", a1, "tax", local(D, 9, 10))
    log.call("3", a1, local(D, 9, 30))  # tax waited 1200 s, from the transfer
    log.transfer("3", a1, "social", local(D, 9, 40))
    log.call("2", a1, local(D, 9, 45))  # social again: waited 300 s
    log.finish("2", a1, local(D, 9, 55))  # served 600 s
    await log.save(log_path)

    r = report(log_path, config, D, D)
    social, tax = rows(r)["social"], rows(r)["tax"]
    # social: the visit it was taken for (ended by a transfer) and the one it came back for.
    assert (social.tickets, social.transfers, social.served) == (2, 1, 1)
    assert social.wait == Spread(count=2, mean_s=300, median_s=300, p90_s=300, max_s=300)
    assert social.service_time.count == 1 and social.service_time.max_s == 600
    assert (tax.tickets, tax.transfers, tax.served) == (1, 1, 0)
    assert tax.wait.max_s == 1200 and tax.within_target == 0.0
    # 3 visits, 2 transfers: 3 - 2 = 1 ticket taken at the kiosk, the one arrival.
    assert (r.total.tickets, r.total.transfers, r.total.served) == (3, 2, 1)
    assert r.total.arrivals_per_hour == 1 / 24
    assert social.arrivals_per_hour == 1 / 24 and tax.arrivals_per_hour == 0.0

    by_counter = rows(report(log_path, config, D, D, "counter"))
    # Each visit belongs to the counter where it ended.
    assert {k: (f.tickets, f.transfers, f.served) for k, f in by_counter.items()} == {
        "1": (1, 1, 0),
        "3": (1, 1, 0),
        "2": (1, 0, 1),
    }
    assert by_counter["1"].arrivals_per_hour is None


async def test_a_no_show_called_back_and_served_counts_as_served(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 10, 0))
    a2 = log.take("social", local(D, 10, 1))
    log.call("2", a1, local(D, 10, 6))  # the wait ends here: 360 s
    log.no_show("2", a1, local(D, 10, 8))
    log.call("1", a2, local(D, 10, 10))  # 540 s
    log.no_show("1", a2, local(D, 10, 12))  # never comes back
    log.call("2", a1, local(D, 10, 20))  # came back: called again
    log.finish("2", a1, local(D, 10, 30))  # served from the last call: 600 s
    await log.save(log_path)

    social = rows(report(log_path, config, D, D))["social"]
    assert (social.tickets, social.served, social.no_shows) == (2, 1, 1)
    assert social.wait == Spread(count=2, mean_s=450, median_s=450, p90_s=540, max_s=540)
    assert social.service_time == Spread(count=1, mean_s=600, median_s=600, p90_s=600, max_s=600)
    assert social.within_target == 1.0  # 360 and 540 are both within 900


async def test_tickets_open_when_their_day_ends_are_unserved(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    log.take("social", local(D, 16, 0))  # never called
    a2 = log.take("social", local(D, 16, 10))
    log.call("1", a2, local(D, 16, 30))  # called (1200 s), never finished
    nxt = D.replace(day=3)
    a1 = log.take("social", local(nxt, 8, 0))  # the next day numbers start again at A001
    log.serve("1", a1, local(nxt, 8, 5), local(nxt, 8, 15))
    await log.save(log_path)

    day = rows(report(log_path, config, D, D))["social"]
    assert (day.tickets, day.served, day.unserved) == (2, 0, 2)
    # Only the called one has a wait: the other's never ended.
    assert day.wait == Spread(count=1, mean_s=1200, median_s=1200, p90_s=1200, max_s=1200)
    both = report(log_path, config, D, nxt)
    assert (both.total.tickets, both.total.served, both.total.unserved) == (3, 1, 2)
    assert both.total.wait.count == 2  # 1200 s and 300 s
    assert both.total.arrivals_per_hour == 3 / 48

    # Today's open tickets are the ones still waiting now.
    now = local(nxt, 8, 10)
    today = rows(report(log_path, config, nxt, nxt, now=now))["social"]
    assert (today.tickets, today.served, today.unserved) == (1, 0, 1)
    assert today.wait.max_s == 300


async def test_appointments(log_path: Path, bookable: CentreConfig) -> None:
    log = LogBuilder(bookable)
    before = D.replace(day=1)
    for code, hour in (("K1", 10), ("K2", 11), ("K3", 12), ("K4", 13)):
        log.book("social", local(D, hour), code, local(before, 12))
    a1 = log.check_in("K1", local(D, 9, 50))  # early: punctual
    log.serve("2", a1, local(D, 10, 5), local(D, 10, 15))  # waited from 10:00: 300 s
    a2 = log.check_in("K2", local(D, 11, 5))  # 5 min late, within the grace
    log.serve("2", a2, local(D, 11, 10), local(D, 11, 20))  # waited from 11:05: 300 s
    log.cancel_booking("K4", local(D, 12, 0))
    log.mark_missed(local(D, 12, 30))  # K3's grace ended at 12:10
    await log.save(log_path)

    r = report(log_path, bookable, D, D)
    social = rows(r)["social"]
    assert (social.booked, social.checked_in, social.booking_no_shows) == (3, 2, 1)
    assert social.punctual == 1
    assert (social.tickets, social.served) == (2, 2)
    assert social.wait == Spread(count=2, mean_s=300, median_s=300, p90_s=300, max_s=300)
    by_hour = rows(report(log_path, bookable, D, D, "hour"))
    # Bookings count in their slot's hour; K3 was a no-show at 12:00, K4 is not counted.
    assert {k: (f.booked, f.booking_no_shows, f.tickets) for k, f in by_hour.items()} == {
        "09": (0, 0, 1),  # K1's ticket was taken at 09:50
        "10": (1, 0, 0),
        "11": (1, 0, 1),
        "12": (1, 1, 0),
    }


async def test_the_october_dst_day_has_one_hour_03(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    day = date(2026, 10, 25)  # 04:00 EEST becomes 03:00 EET: 03:00-04:00 happens twice
    a1 = log.take("social", local(day, 3, 30))
    a2 = log.take("social", local(day, 3, 50))
    log.serve("1", a1, local(day, 3, 50), local(day, 3, 55))  # 1200 s
    # Called at the second 03:10, 20 real minutes after 03:50 of the first pass.
    log.serve("2", a2, local(day, 3, 10, fold=1), local(day, 3, 20, fold=1))
    a3 = log.take("social", local(day, 3, 30, fold=1))
    log.serve("1", a3, local(day, 3, 40, fold=1), local(day, 3, 45, fold=1))  # 600 s
    await log.save(log_path)

    r = report(log_path, config, day, day, "hour")
    assert [(f.key, f.tickets) for f in r.rows] == [("03", 3)]  # both passes in one group
    (h03,) = r.rows
    # Waits 1200, 1200, 600 (real time, not wall-clock): mean 3000 / 3 = 1000.
    assert h03.wait == Spread(count=3, mean_s=1000, median_s=1200, p90_s=1200, max_s=1200)
    assert h03.arrivals_per_hour == 3.0  # the wall-clock hour 03 is one opening hour
    assert r.total.arrivals_per_hour == 3 / 24  # a 24-hour wall-clock day (25 real hours)


async def test_the_march_dst_day_has_no_hour_03(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    day = date(2026, 3, 29)  # 03:00 EET becomes 04:00 EEST
    a1 = log.take("social", local(day, 2, 50))
    log.serve("1", a1, local(day, 4, 10), local(day, 4, 20))  # 20 real minutes: 1200 s
    a2 = log.take("social", local(day, 4, 30))
    log.serve("1", a2, local(day, 4, 40), local(day, 4, 50))  # 600 s
    await log.save(log_path)

    r = report(log_path, config, day, day, "hour")
    assert [(f.key, f.tickets, f.wait.max_s) for f in r.rows] == [("02", 1, 1200), ("04", 1, 600)]
