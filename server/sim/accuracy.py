"""How wrong each estimator was: for every visitor called, the wait it told at issue against
the wait that followed, per class of visitor (walk-in, priority, appointment).

(A first, minimal version for `rinda simulate`'s table; the estimator work extends it.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from server.sim.data import Visit


@dataclass(frozen=True)
class ErrorRow:
    estimator: str
    kind: str
    count: int
    # Mean absolute error, its 90th percentile, and the mean of told - actual (positive:
    # the estimate was too long), all in seconds; and the mean actual wait they are against.
    mae_s: float
    p90_s: float
    bias_s: float
    mean_wait_s: float


def errors(visits: Sequence[Visit], names: Sequence[str]) -> list[ErrorRow]:
    """One row per estimator and class with any visitor told a wait and then called."""
    rows: list[ErrorRow] = []
    for name in names:
        for kind in ("walk-in", "priority", "appointment"):
            pairs = [
                (v.told[name], v.wait_s)
                for v in visits
                if v.kind == kind and not v.no_show and v.wait_s is not None and name in v.told
            ]
            if not pairs:
                continue
            off = sorted(abs(t - w) for t, w in pairs)
            n = len(pairs)
            rows.append(
                ErrorRow(
                    estimator=name,
                    kind=kind,
                    count=n,
                    mae_s=sum(off) / n,
                    p90_s=off[min(n - 1, int(0.9 * n))],
                    bias_s=sum(t - w for t, w in pairs) / n,
                    mean_wait_s=sum(w for _, w in pairs) / n,
                )
            )
    return rows
