"""How an expected wait is shown to a person: one band, the same on every screen.

The server sends waits in seconds (`estimated_wait_s`); an estimate of a queue is not precise
to the minute, so no screen shows it as one. `wait_band` turns the seconds into a band of
minutes by a fixed rule (documented in docs/protocol.md, "Showing a wait", so that a screen
built by someone else shows the same), and `wait_words` puts the band into a screen's own
words. A screen that rounds the seconds itself would disagree with the others: the kiosk, the
printed ticket, the waiting-room display, the counter, the manager and the phone page all go
through here.

The rule: under `ALMOST_NONE_MIN` minutes, "almost no wait" (never "0 min", which is a
promise); then ranges that widen with the wait, because the error grows with it: 5 minutes
wide up to 15, 10 wide up to 45, 15 wide up to 120 ("15–25 min", "45–60 min"); from 120
minutes on, "over 120 min". A wait on an edge belongs to the band above it.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

ALMOST_NONE_MIN = 5
# (up to this many minutes, bands this many minutes wide), from ALMOST_NONE_MIN upwards.
WIDTHS = ((15, 5), (45, 10), (120, 15))
OVER_MIN = WIDTHS[-1][0]


class WaitBand(msgspec.Struct, frozen=True):
    """A wait as people read it: `low_min` 0 means "almost no wait"; `high_min` null means
    "over `low_min` minutes"; otherwise "`low_min`–`high_min` min"."""

    low_min: int
    high_min: int | None


def wait_band(seconds: int) -> WaitBand:
    minutes = max(seconds, 0) / 60
    if minutes < ALMOST_NONE_MIN:
        return WaitBand(0, ALMOST_NONE_MIN)
    low = ALMOST_NONE_MIN
    for up_to, width in WIDTHS:
        while low < up_to:
            if minutes < low + width:
                return WaitBand(low, low + width)
            low += width
    return WaitBand(OVER_MIN, None)


# A screen's words for a band, by kind: "none" (no placeholders), "range" ({low}, {high}),
# "over" ({low}); called like `lambda kind, **values: catalog.t(lang, f"wait.{kind}", **values)`.
Words = Callable[..., str]
KINDS = ("none", "range", "over")


def band_words(band: WaitBand, words: Words) -> str:
    if band.low_min == 0:
        return words("none")
    if band.high_min is None:
        return words("over", low=band.low_min)
    return words("range", low=band.low_min, high=band.high_min)


def wait_words(seconds: int, words: Words) -> str:
    """The wait of `seconds` in a screen's words: "Gaidīšana 15–25 min"."""
    return band_words(wait_band(seconds), words)
