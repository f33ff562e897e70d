"""Opening hours: when a kiosk may issue tickets, and when it will again."""

from __future__ import annotations

import pytest

from server.core import commands as c
from server.core import errors as err
from server.core.hours import availability

# Mon-Fri 08:00-17:00, Sat 09:00-13:00, Sun closed; Jāņi (23-24 June) are holidays.
SERVICE = [{"id": "a", "prefix": "A", "stop_issuing_min": 15}]
HOLIDAYS = ("2026-06-23", "2026-06-24")
TAKE = c.TakeTicket(service="a", token="t", device="k")


@pytest.fixture
def office(kit):
    return kit.centre(services=SERVICE, hours=kit.OFFICE, holidays=HOLIDAYS)


def refused(kit, centre, now):
    """Take a ticket at `now`: it must be refused as service_closed; return the error."""
    if centre.needs_roll(now):
        centre.execute(c.RollDay(), now)
    return kit.rejected(centre, TAKE, now, err.ServiceClosed)


def why(centre, now):
    return availability(centre.config, centre.config.services["a"], now)


def test_issues_from_opening_until_stop_issuing_min_before_closing(kit, office):
    # 09.02.2026 is a Monday.
    assert kit.take(office, kit.riga(2026, 2, 9, 8, 0)) == "A001"
    assert kit.take(office, kit.riga(2026, 2, 9, 16, 44, 59)) == "A002"
    e = refused(kit, office, kit.riga(2026, 2, 9, 16, 45))
    assert e.code == "service_closed" and '"a"' in e.message
    assert "It opens Tue 10.02 08:00." in e.message
    a = why(office, kit.riga(2026, 2, 9, 16, 45))
    assert (a.issuing, a.reason, a.opens_at) == (False, "stopped_issuing", kit.riga(2026, 2, 10, 8))


@pytest.mark.parametrize(
    ("local", "reason", "opens"),
    [
        ((2026, 2, 9, 7, 30), "not_yet_open", (2026, 2, 9, 8, 0)),
        ((2026, 2, 9, 17, 30), "closed", (2026, 2, 10, 8, 0)),
        ((2026, 2, 13, 23, 0), "closed", (2026, 2, 14, 9, 0)),  # Friday night -> Saturday
        ((2026, 2, 14, 13, 30), "closed", (2026, 2, 16, 8, 0)),  # Saturday afternoon
        ((2026, 2, 15, 10, 0), "closed_today", (2026, 2, 16, 8, 0)),  # Sunday
        ((2026, 6, 23, 10, 0), "closed_today", (2026, 6, 25, 8, 0)),  # two holidays
        ((2026, 6, 22, 17, 0), "closed", (2026, 6, 25, 8, 0)),  # the evening before them
    ],
)
def test_outside_hours_the_service_is_closed_and_says_when_it_opens(
    kit, office, local, reason, opens
):
    now = kit.riga(*local)
    a = why(office, now)
    assert (a.issuing, a.reason) == (False, reason)
    assert a.opens_at == kit.riga(*opens)
    assert a.opens_at.utcoffset() == kit.riga(*opens).astimezone(kit.RIGA).utcoffset()
    e = refused(kit, office, now)
    assert f"It opens {a.opens_at:%a %d.%m %H:%M}." in e.message


def test_the_next_opening_is_in_local_time_across_a_dst_change(kit, office):
    # Saturday 28.03.2026 13:00 EET; Monday 30.03 08:00 is already EEST (UTC+3).
    a = why(office, kit.riga(2026, 3, 28, 14, 0))
    assert a.opens_at == kit.utc(2026, 3, 30, 5, 0)
    a = why(office, kit.riga(2026, 10, 24, 14, 0))  # back to EET (UTC+2)
    assert a.opens_at == kit.utc(2026, 10, 26, 6, 0)


def test_a_lunch_break_reopens_the_same_day(kit):
    hours = {"mon": ["08:00-12:00", "13:00-17:00"]}
    centre = kit.centre(services=SERVICE, hours=hours)
    assert why(centre, kit.riga(2026, 2, 9, 11, 44)).issuing
    a = why(centre, kit.riga(2026, 2, 9, 11, 50))
    assert (a.reason, a.opens_at) == ("stopped_issuing", kit.riga(2026, 2, 9, 13, 0))
    a = why(centre, kit.riga(2026, 2, 9, 12, 30))
    assert (a.issuing, a.opens_at) == (False, kit.riga(2026, 2, 9, 13, 0))
    assert kit.take(centre, kit.riga(2026, 2, 9, 13, 0)) == "A001"


def test_open_all_day_with_no_stop_issues_to_the_last_second(kit):
    centre = kit.centre()  # 00:00-24:00 every day, stop_issuing_min = 0
    assert kit.take(centre, kit.riga(2026, 2, 9, 23, 59, 59)) == "A001"
    assert kit.take(centre, kit.riga(2026, 2, 10, 0, 0)) == "A001"


def test_a_centre_with_no_opening_in_sight_says_only_that_it_is_closed(kit):
    centre = kit.centre(services=SERVICE, hours={})
    a = why(centre, kit.riga(2026, 2, 9, 10))
    assert (a.issuing, a.reason, a.opens_at) == (False, "closed_today", None)
    e = refused(kit, centre, kit.riga(2026, 2, 9, 10))
    assert e.message == 'Service "a" is not issuing tickets now.'


def test_around_the_clock_never_stops_at_midnight_but_a_late_evening_does(kit):
    all_day = kit.centre(services=SERVICE)  # 00:00-24:00 every day, stop_issuing_min = 15
    assert kit.take(all_day, kit.riga(2026, 2, 9, 23, 50)) == "A001"
    late = kit.centre(services=SERVICE, hours={"sat": ["09:00-24:00"]})
    a = why(late, kit.riga(2026, 2, 14, 23, 50))  # Saturday, and Sunday is closed
    assert (a.reason, a.opens_at) == ("stopped_issuing", kit.riga(2026, 2, 21, 9, 0))
