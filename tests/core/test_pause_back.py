"""A pause for some minutes says when the clerk is back: a whole minute, never earlier than
promised (server/core/rules.back_at)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from server.core.rules import back_at

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)


def test_a_pause_for_15_minutes_at_9_00_20_is_back_at_9_16() -> None:
    assert back_at(NOW.replace(second=20), 15) == NOW.replace(minute=16)
    assert back_at(NOW, 15) == NOW.replace(minute=15)
    assert back_at(NOW, None) is None


@given(
    st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(min_value=1, max_value=720),
)
def test_back_at_is_a_whole_minute_within_one_of_the_promise(now: datetime, minutes: int) -> None:
    back = back_at(now, minutes)
    assert back is not None and back.second == back.microsecond == 0
    assert 0 <= (back - now).total_seconds() - minutes * 60 < 60
