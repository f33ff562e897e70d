"""Ticket numbers: prefix + 3 digits, counting up per service, per local (Riga) service day."""

from __future__ import annotations

import pytest

from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from tests.core.derived import queue

TWO = [
    {"id": "a", "prefix": "A", "stop_issuing_min": 0},
    {"id": "pas", "prefix": "PS", "stop_issuing_min": 0},
]


def test_numbers_are_the_prefix_and_three_digits_counting_up_per_service(kit):
    centre = kit.centre(services=TWO, counters={"c1": ["a", "pas"]})
    now = kit.riga(2026, 2, 10, 9, 0)
    taken = [kit.take(centre, now, s) for s in ("a", "a", "pas", "a", "pas")]
    assert taken == ["A001", "A002", "PS001", "A003", "PS002"]


def test_a_four_digit_service_pads_to_four(kit):
    centre = kit.centre(services=[{"id": "a", "prefix": "A", "digits": 4, "stop_issuing_min": 0}])
    assert kit.take(centre, kit.riga(2026, 2, 10, 9)) == "A0001"


def test_numbering_restarts_at_riga_midnight_not_utc_midnight(kit):
    centre = kit.centre()
    # Winter: Riga is UTC+2, so local midnight is 22:00 UTC.
    assert kit.take(centre, kit.utc(2026, 1, 15, 21, 59)) == "A001"  # 23:59 on the 15th
    assert kit.take(centre, kit.utc(2026, 1, 15, 22, 0)) == "A001"  # 00:00 on the 16th
    assert kit.take(centre, kit.utc(2026, 1, 15, 23, 59)) == "A002"
    # UTC midnight (02:00 in Riga) is the middle of the same service day: no new numbers.
    assert not centre.needs_roll(kit.utc(2026, 1, 16, 0, 1))
    assert kit.take(centre, kit.utc(2026, 1, 16, 0, 1)) == "A003"
    assert centre.state.day.isoformat() == "2026-01-16"


def test_in_summer_the_day_starts_at_21_utc(kit):
    centre = kit.centre()
    assert kit.take(centre, kit.utc(2026, 7, 1, 20, 59)) == "A001"
    assert centre.needs_roll(kit.utc(2026, 7, 1, 21, 0))
    assert kit.take(centre, kit.utc(2026, 7, 1, 21, 0)) == "A001"
    assert centre.state.day.isoformat() == "2026-07-02"


def test_a_new_day_expires_yesterdays_queue(kit):
    centre = kit.centre()
    kit.take(centre, kit.riga(2026, 1, 15, 16))
    kit.call(centre, "c1", kit.riga(2026, 1, 15, 16, 5))
    kit.take(centre, kit.riga(2026, 1, 15, 16, 10))
    events = centre.execute(c.RollDay(), kit.riga(2026, 1, 16, 8))
    assert [type(e) for e in events] == [ev.DayRolled]
    assert centre.state.tickets == {} and queue(centre)["a"][0] == 0
    assert centre.state.counters["c1"].ticket is None
    # Rolling again the same day does nothing.
    assert centre.execute(c.RollDay(), kit.riga(2026, 1, 16, 9)) == []


def test_commands_wait_for_the_service_day_to_be_started(kit):
    centre = kit.centre()
    kit.take(centre, kit.riga(2026, 1, 15, 23, 0))
    take = c.TakeTicket(service="a", token="t", device="k")
    e = kit.rejected(centre, take, kit.riga(2026, 1, 16, 0, 1), err.InvalidTransition)
    assert "day" in e.message


@pytest.mark.parametrize(
    "times",
    [
        # Spring forward, 29.03.2026: 03:00 EET becomes 04:00 EEST (01:00 UTC).
        [(2026, 3, 29, 0, 30, 0), (2026, 3, 29, 2, 30, 0), (2026, 3, 29, 4, 30, 0)],
        # Fall back, 25.10.2026: 04:00 EEST becomes 03:00 EET; 03:30 happens twice.
        [
            (2026, 10, 25, 2, 30, 0),
            (2026, 10, 25, 3, 30, 0),
            (2026, 10, 25, 3, 30, 1),
            (2026, 10, 25, 4, 30, 0),
        ],
    ],
    ids=["spring-forward", "fall-back"],
)
def test_a_dst_change_never_renumbers(kit, times):
    centre = kit.centre()
    instants = [kit.riga(y, mo, d, h, mi, fold=fold) for y, mo, d, h, mi, fold in times]
    assert instants == sorted(instants) and len(set(instants)) == len(instants)
    rolls = 0
    numbers = []
    for now in instants:
        rolls += centre.needs_roll(now)
        numbers.append(kit.take(centre, now))
    assert rolls == 1  # only the first ticket starts the day
    assert numbers == [f"A{n:03d}" for n in range(1, len(instants) + 1)]
    assert centre.state.day == instants[0].astimezone(kit.RIGA).date()


def test_numbers_run_out_after_999_with_a_clear_error(kit):
    centre = kit.centre(services=TWO, counters={"c1": ["a", "pas"]})
    now = kit.riga(2026, 2, 10, 9)
    numbers = [kit.take(centre, now) for _ in range(999)]
    assert numbers[0] == "A001" and numbers[-1] == "A999" and len(set(numbers)) == 999
    take = c.TakeTicket(service="a", token="t", device="k")
    e = kit.rejected(centre, take, now, err.NumbersExhausted)
    assert e.code == "numbers_exhausted"
    assert '"a"' in e.message and "every number" in e.message
    # Other services keep issuing, and tomorrow starts again at 001.
    assert kit.take(centre, now, "pas") == "PS001"
    assert kit.take(centre, kit.riga(2026, 2, 11, 9)) == "A001"


def test_the_taken_event_carries_what_the_kiosk_prints(kit):
    centre = kit.centre()
    now = kit.riga(2026, 2, 10, 9)
    centre.execute(c.RollDay(), now)
    cmd = c.TakeTicket(service="a", priority="senior", lang="ru", token="secret", device="k1")
    (taken,) = centre.execute(cmd, now)
    assert taken == ev.TicketTaken(
        at=now,
        ticket="A001",
        service="a",
        priority="senior",
        lang="ru",
        token="secret",
        device="k1",
    )
    assert ev.decode(ev.encode(taken)) == taken
    t = centre.ticket("A001")
    assert (t.status, t.taken_at, t.queued_at, t.lang) == ("waiting", now, now, "ru")
