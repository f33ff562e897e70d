"""Mean, median, 90th percentile and maximum of whole seconds, by counting."""

from __future__ import annotations

from server.protocol.reports import Spread
from server.reports.spread import EMPTY, Durations


def spread(*values: int) -> Spread:
    d = Durations()
    d.add(values)
    return d.spread()


def test_an_odd_and_an_even_number_of_values() -> None:
    # 5 values: the median is the 3rd; 90 % of 5 is 4.5, so the p90 is the 5th.
    assert spread(50, 10, 40, 20, 30) == Spread(count=5, mean_s=30, median_s=30, p90_s=50, max_s=50)
    # 10 values 1..10: the median is (5 + 6) / 2; 90 % of 10 is 9, so the p90 is the 9th.
    assert spread(*range(10, 0, -1)) == Spread(
        count=10, mean_s=5.5, median_s=5.5, p90_s=9, max_s=10
    )


def test_repeated_values_and_merged_groups() -> None:
    a, b = Durations(), Durations()
    a.add([60] * 9)
    b.add([600])
    a.merge(b)
    # 9 x 60 and one 600: mean (540 + 600) / 10 = 114, median 60, p90 the 9th = 60.
    assert a.spread() == Spread(count=10, mean_s=114, median_s=60, p90_s=60, max_s=600)
    assert b.spread().count == 1  # merging leaves the other group as it was


def test_no_values() -> None:
    assert Durations().spread() == EMPTY
    assert EMPTY.mean_s is None and EMPTY.count == 0
