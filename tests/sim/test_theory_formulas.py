"""The queueing formulas of server/sim/theory.py against closed forms and textbook sums."""

from __future__ import annotations

from math import factorial

import pytest

from server.sim.theory import cobham_waits, erlang_c, mmc_wait


def erlang_c_by_sums(c: int, a: float) -> float:
    """The textbook form: (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + same)."""
    top = a**c / factorial(c) * c / (c - a)
    return top / (sum(a**k / factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.85, 0.99])
def test_one_server_waits_with_probability_rho(rho):
    # M/M/1: P(wait) = ρ and Wq = ρ / (μ - λ).
    assert erlang_c(1, rho) == pytest.approx(rho, rel=1e-12)
    assert mmc_wait(1, rho, 1.0) == pytest.approx(rho / (1 - rho), rel=1e-12)


@pytest.mark.parametrize("rho", [0.2, 0.5, 0.9])
def test_two_servers_match_the_closed_form(rho):
    # M/M/2: C = 2ρ² / (1 + ρ), Wq = ρ² / (μ (1 - ρ²)).
    assert erlang_c(2, 2 * rho) == pytest.approx(2 * rho**2 / (1 + rho), rel=1e-12)
    assert mmc_wait(2, 2 * rho, 1.0) == pytest.approx(rho**2 / (1 - rho**2), rel=1e-12)


@pytest.mark.parametrize(("c", "a"), [(3, 2.0), (10, 8.5), (12, 10.8), (50, 45.0)])
def test_many_servers_match_the_factorial_sums(c, a):
    assert erlang_c(c, a) == pytest.approx(erlang_c_by_sums(c, a), rel=1e-10)


def test_a_known_table_value():
    # 10 servers at 8 Erlangs wait with probability 0.409 (Erlang C tables), and with a
    # 6-minute service the mean wait is 0.409 x 6 / (10 - 8) = 1.23 minutes.
    assert erlang_c(10, 8.0) == pytest.approx(0.4092, abs=5e-5)
    assert mmc_wait(10, 8 / 6, 1 / 6) == pytest.approx(0.4092 * 6 / 2, abs=5e-4)


def test_cobham_on_one_server_is_the_mg1_priority_formula():
    # M/M/1, two classes: W0 = ρ/μ, W1 = W0 / (1 - ρ1), W2 = W0 / ((1 - ρ1)(1 - ρ)).
    w1, w2 = cobham_waits(1, 1.0, [0.2, 0.6])
    assert w1 == pytest.approx(0.8 / 0.8, rel=1e-12)
    assert w2 == pytest.approx(0.8 / (0.8 * 0.2), rel=1e-12)


@pytest.mark.parametrize(("c", "lams"), [(1, [0.3, 0.5]), (10, [0.9, 7.6]), (4, [1, 1, 1.2])])
def test_cobham_conserves_the_fifo_mean_wait(c, lams):
    # Same service for every class: the work in queue does not depend on the order, so the
    # arrival-weighted mean of the class waits is the FIFO wait (Kleinrock's conservation law).
    waits = cobham_waits(c, 1.0, lams)
    mean = sum(lam * w for lam, w in zip(lams, waits, strict=True)) / sum(lams)
    assert mean == pytest.approx(mmc_wait(c, sum(lams), 1.0), rel=1e-12)
    assert waits == sorted(waits)


def test_one_class_is_fifo():
    assert cobham_waits(7, 0.5, [3.0]) == pytest.approx([mmc_wait(7, 3.0, 0.5)], rel=1e-12)


@pytest.mark.parametrize(("c", "a"), [(0, 0.5), (2, 2.0), (2, 3.0), (1, -0.1)])
def test_no_steady_state_is_refused(c, a):
    with pytest.raises(ValueError):
        erlang_c(c, a)
