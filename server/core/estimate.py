"""Expected waits: honest, simple arithmetic a manager can check by hand.

expected wait = visitors ahead x average service time / counters serving the service.
The average is a moving average of real service times (clamped so one forgotten "finish" does
not wreck it), seeded from the service's configured `default_service_min`.
"""

from __future__ import annotations

ALPHA = 0.2
MIN_SAMPLE_S = 30.0
MAX_SAMPLE_S = 2 * 3600.0


def updated_average(average_s: float, sample_s: float) -> float:
    sample = min(MAX_SAMPLE_S, max(MIN_SAMPLE_S, sample_s))
    return (1 - ALPHA) * average_s + ALPHA * sample


def expected_wait_s(ahead: int, average_s: float, counters: int) -> int:
    return round(ahead * average_s / max(1, counters))
