"""The arrival and visit-length models shared by `rinda simulate` and `rinda demo`."""

from __future__ import annotations

import random
import statistics

import pytest

from server.demo.pace import Pace
from server.sim.models import Arrivals, ServiceTime, flat_hours


@pytest.mark.parametrize(
    ("model", "cv"),
    [
        (ServiceTime(600.0), 1.0),
        (ServiceTime(600.0, "lognormal", 0.5), 0.5),
        (ServiceTime(600.0, "lognormal", 1.5), 1.5),
    ],
)
def test_visit_lengths_have_the_mean_and_spread_asked(model: ServiceTime, cv: float) -> None:
    draw = model.sampler(random.Random(1))
    xs = [draw() for _ in range(60_000)]
    mean = statistics.fmean(xs)
    assert mean == pytest.approx(600, rel=0.03)
    assert statistics.pstdev(xs) / mean == pytest.approx(cv, rel=0.1)
    assert min(xs) > 0


def test_cv_zero_is_a_fixed_length() -> None:
    for shape in ("exponential", "lognormal"):
        model = ServiceTime(300.0, shape, 0.0)
        assert {model.draw(random.Random(s)) for s in range(5)} == {300.0}


def test_a_model_refuses_impossible_figures() -> None:
    with pytest.raises(ValueError, match="mean_s"):
        ServiceTime(0.0)
    with pytest.raises(ValueError, match="cv"):
        ServiceTime(60.0, "lognormal", -1)


def test_arrivals_follow_the_day_profile_hour_by_hour() -> None:
    # 60 an hour, none from 1 to 2, three times as many from 2 to 3, over 1000 days of 3 h.
    arrivals = Arrivals(60.0, {1: 0.0, 2: 3.0})
    rng = random.Random(2)
    per_hour = [0, 0, 0]
    for _ in range(1000):
        for t in arrivals.times(rng, 0.0, 3 * 3600.0, flat_hours):
            per_hour[int(t // 3600)] += 1
    assert per_hour[1] == 0
    assert per_hour[0] / 1000 == pytest.approx(60, rel=0.02)
    assert per_hour[2] / 1000 == pytest.approx(180, rel=0.02)


def test_arrivals_stay_inside_their_window() -> None:
    times = list(Arrivals(600.0).times(random.Random(3), 100.0, 200.0, flat_hours))
    assert times and all(100.0 <= t < 200.0 for t in times)
    assert times == sorted(times)


def test_the_demo_draws_from_the_same_models() -> None:
    pace = Pace(visitor_every_s=8.0)
    assert pace.arrivals == Arrivals(450.0)
    rng = random.Random(4)
    gaps = [pace.arrivals.gap(rng) for _ in range(20_000)]
    assert statistics.fmean(gaps) == pytest.approx(8.0, rel=0.03)
    assert isinstance(pace.visit, ServiceTime) and pace.visit.mean_s == 25.0
