"""Textbook queueing formulas the simulator is checked against (tests/sim/test_theory.py).

M/M/c: Poisson arrivals at rate λ, exponential service at rate μ per server, c servers,
offered load a = λ/μ (in Erlangs), utilisation ρ = a/c < 1.

- `erlang_c(c, a)`: the probability that an arrival has to wait (Erlang's C formula).
- `mmc_wait(c, lam, mu)`: the mean wait in the queue under FIFO, C(c, a) / (cμ - λ).
- `cobham_waits(c, mu, lams)`: the mean wait of each class under non-preemptive priority
  with the same exponential service for all (Cobham 1954, for M/M/c):
  W_k = W0 / ((1 - σ_{k-1})(1 - σ_k)), with W0 = C(c, a) / (cμ) the mean residual time until
  some server frees, and σ_k = (λ_1 + … + λ_k) / (cμ) the load of classes 1..k (class 1
  highest).
"""

from __future__ import annotations

from collections.abc import Sequence


def erlang_c(c: int, a: float) -> float:
    """Probability of waiting in M/M/c with offered load a Erlangs (needs a < c).

    Computed through Erlang B's stable recurrence B(k) = a B(k-1) / (k + a B(k-1)), so large
    c does not overflow factorials."""
    if c < 1:
        raise ValueError("c must be at least 1")
    if not 0 <= a < c:
        raise ValueError("the offered load must be below the number of servers")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    rho = a / c
    return b / (1 - rho + rho * b)


def mmc_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in the queue (before service) of M/M/c under FIFO, in the time unit of 1/μ."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def cobham_waits(c: int, mu: float, lams: Sequence[float]) -> list[float]:
    """Mean wait in the queue of each class, highest priority first, under non-preemptive
    priority in M/M/c with the same service rate μ for every class."""
    total = sum(lams)
    w0 = erlang_c(c, total / mu) / (c * mu)
    waits = []
    above = 0.0
    for lam in lams:
        below = above + lam / (c * mu)
        waits.append(w0 / ((1 - above) * (1 - below)))
        above = below
    return waits
