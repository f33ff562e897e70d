"""What the manager types, checked before anything is sent: a period of days, and a reason or
notice (one line of plain text within the server's bound)."""

from __future__ import annotations

from datetime import date

import pytest

from manager.actions import NOTICE_MAX, REASON_MAX, ActionError, checked, set_notice, stop_issuing
from manager.period import Period, PeriodError, parse_period


def test_a_period_is_one_day_or_a_range() -> None:
    assert parse_period("2026-11-25", "") == Period(date(2026, 11, 25), date(2026, 11, 25))
    assert parse_period(" 2026-11-01 ", "2026-11-30").end == date(2026, 11, 30)
    assert parse_period("2026-11-25", "").single


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        ("25.11.2026", "", "period.bad_start"),
        ("2026-02-30", "", "period.bad_start"),
        ("", "", "period.bad_start"),
        ("2026-11-25", "tomorrow", "period.bad_end"),
        ("2026-11-25", "2026-11-24", "period.reversed"),
        ("2025-01-01", "2026-12-31", "period.too_long"),
        ("2026-11-25" + " " * 30, "", "period.bad_start"),
    ],
)
def test_a_bad_period_says_what_is_wrong(start: str, end: str, key: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse_period(start, end)
    assert e.value.key == key


def test_the_bounds_are_the_servers() -> None:
    assert (REASON_MAX, NOTICE_MAX) == (100, 200)


def test_reasons_and_notices_are_one_bounded_line() -> None:
    assert checked("  Sistēma nedarbojas ", REASON_MAX, required=True) == "Sistēma nedarbojas"
    assert checked("x" * REASON_MAX, REASON_MAX, required=True) == "x" * REASON_MAX
    for text, key in (
        ("x" * (REASON_MAX + 1), "actions.too_long"),
        ("   ", "actions.empty"),
        ("two\nlines", "actions.control"),
        ("bell\x07", "actions.control"),
        ("bidi\u202e", "actions.control"),
    ):
        with pytest.raises(ActionError) as e:
            checked(text, REASON_MAX, required=True)
        assert e.value.key == key, text
    # An empty notice clears it.
    assert set_notice(lambda: "m-1", "").text == ""
    request = stop_issuing(lambda: "m-2", "tax", " lunch ")
    assert (request.service, request.reason) == ("tax", "lunch")
