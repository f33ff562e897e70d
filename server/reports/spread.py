"""A group's durations as counts per whole second, and their spread (mean, median, 90th
percentile, maximum). Counting instead of sorting: a year's 400,000 waits take one pass in C
(`Counter.update`), then a walk over the few thousand distinct seconds; and groups merge
(the period's total) by adding counts, without touching the values again."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from server.protocol.reports import Spread

EMPTY = Spread(count=0, mean_s=None, median_s=None, p90_s=None, max_s=None)


class Durations:
    def __init__(self) -> None:
        self.seconds: Counter[int] = Counter()
        self.sum = 0

    def add(self, values: Sequence[int]) -> None:
        self.seconds.update(values)
        self.sum += sum(values)

    def merge(self, other: Durations) -> None:
        self.seconds.update(other.seconds)
        self.sum += other.sum

    def spread(self) -> Spread:
        n = self.seconds.total()
        if n == 0:
            return EMPTY
        ordered = sorted(self.seconds.items())
        # 0-based ranks: the middle one or two, and the nearest rank of the 90th percentile
        # (the smallest value with at least 90 % of the values at or below it).
        low, high, p90 = (n - 1) // 2, n // 2, math.ceil(0.9 * n) - 1
        wanted = sorted({low, high, p90})
        at: dict[int, int] = {}
        seen = 0
        for value, count in ordered:
            seen += count
            while wanted and wanted[0] < seen:
                at[wanted.pop(0)] = value
            if not wanted:
                break
        return Spread(
            count=n,
            mean_s=self.sum / n,
            median_s=(at[low] + at[high]) / 2,
            p90_s=float(at[p90]),
            max_s=float(ordered[-1][0]),
        )
