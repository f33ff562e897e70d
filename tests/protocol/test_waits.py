"""The wait band every screen shows: the rule as docs/protocol.md states it."""

from __future__ import annotations

import pytest

from server.protocol.waits import KINDS, WaitBand, band_words, wait_band, wait_words


@pytest.mark.parametrize(
    "minutes, band",
    [
        (0, WaitBand(0, 5)),
        (4.99, WaitBand(0, 5)),
        (5, WaitBand(5, 10)),
        (14.9, WaitBand(10, 15)),
        (15, WaitBand(15, 25)),
        (20, WaitBand(15, 25)),
        (44, WaitBand(35, 45)),
        (45, WaitBand(45, 60)),
        (119.9, WaitBand(105, 120)),
        (120, WaitBand(120, None)),
        (600, WaitBand(120, None)),
    ],
)
def test_a_wait_falls_in_the_documented_band(minutes: float, band: WaitBand) -> None:
    assert wait_band(round(minutes * 60)) == band


def test_a_negative_wait_is_almost_none() -> None:
    assert wait_band(-300) == WaitBand(0, 5)


def test_the_bands_cover_every_minute_and_widen_with_the_wait() -> None:
    bands = [wait_band(m * 60) for m in range(0, 121)]
    widths = [b.high_min - b.low_min for b in bands if b.low_min and b.high_min is not None]
    assert widths == sorted(widths)
    # Each band starts where the one below it ends: no gap, no overlap.
    starts = sorted({b.low_min for b in bands})
    ends = sorted({b.high_min for b in bands if b.high_min is not None})
    assert starts[1:] == ends


def english(kind: str, **values: int) -> str:
    assert kind in KINDS
    return {"none": "almost none", "range": "{low}–{high} min", "over": "over {low} min"}[
        kind
    ].format(**values)


def test_words_never_say_zero_minutes() -> None:
    assert [wait_words(s, english) for s in (0, 59, 299, 300, 1200, 7200)] == [
        "almost none",
        "almost none",
        "almost none",
        "5–10 min",
        "15–25 min",
        "over 120 min",
    ]
    assert band_words(WaitBand(45, 60), english) == "45–60 min"
