"""How wrong each estimator was, per class of visitor, and how wrong it had to be.

`errors(visits, names)` compares, for every visit that was called, the wait each estimator
told at issue (`Visit.told`) with the wait that followed (`Visit.wait_s`). Error is told minus
actual: a positive bias means visitors were told too much. A visitor who joined from home is
told when joining, so their wait counts from joining too (at home, then at the centre).

The floor: the wait is random even when the queue is known, so no estimator is exact. Group
the visits by what an estimator could see at issue (service, class, `Visit.seen`) and tell
each group its own median actual wait: no estimator reading only that can have a smaller mean
absolute error on these visits. `mae / floor` says how far an estimator is from the best
possible. The medians are in-sample, so the floor is only meaningful over many visits per
group (small runs make it optimistically low).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from server.sim.engine import Visit

CLASSES = ("walk-in", "priority", "appointment", "remote")
FLOOR_GROUP = 10
ALL = "all"


@dataclass(frozen=True)
class ErrorRow:
    """One estimator's errors on one class of visitor, in seconds."""

    cls: str
    estimator: str
    n: int
    mean_wait_s: float
    mae_s: float
    p90_abs_s: float
    # Mean of told - actual: positive when visitors were told too much.
    bias_s: float
    # The smallest MAE any estimator reading only `Visit.seen` could have had.
    floor_s: float
    # Share of the visits in groups of at least FLOOR_GROUP: a floor from groups of one or
    # two (every state seen once, as in a long overload) is near 0 and says nothing.
    floor_support: float = 1.0

    @property
    def mae_share(self) -> float:
        """MAE as a share of the mean wait (0.25 is the target)."""
        return self.mae_s / self.mean_wait_s if self.mean_wait_s else 0.0

    @property
    def vs_floor(self) -> float:
        """MAE over the floor: 1.0 is as good as the visible state allows."""
        return self.mae_s / self.floor_s if self.floor_s else float("inf")


def visit_class(v: Visit) -> str:
    return v.kind


def floor_mae(groups: Iterable[Sequence[float]]) -> float:
    """Mean absolute deviation from each group's own median, over all members."""
    total, n = 0.0, 0
    for waits in groups:
        m = statistics.median(waits)
        total += sum(abs(w - m) for w in waits)
        n += len(waits)
    return total / n if n else 0.0


def p90(values: Sequence[float]) -> float:
    """The 90th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, -(-9 * len(ordered) // 10) - 1)] if ordered else 0.0


def errors(
    visits: Iterable[Visit],
    names: Sequence[str],
    classify: Callable[[Visit], str] = visit_class,
) -> list[ErrorRow]:
    """Rows per class (walk-in, priority, appointment, then all) and estimator name, over
    the visits that were called and told by every named estimator; empty classes left out."""
    done = [v for v in visits if v.wait_s is not None and all(n in v.told for n in names)]
    rows: list[ErrorRow] = []
    for cls in (*CLASSES, ALL):
        mine = [v for v in done if cls == ALL or classify(v) == cls]
        if not mine:
            continue
        actual = [v.wait_s or 0.0 for v in mine]
        groups: dict[Hashable, list[float]] = {}
        for v, w in zip(mine, actual, strict=True):
            groups.setdefault((v.service, v.priority, classify(v), v.seen), []).append(w)
        floor = floor_mae(groups.values())
        support = sum(len(g) for g in groups.values() if len(g) >= FLOOR_GROUP) / len(mine)
        mean = statistics.fmean(actual)
        for name in names:
            signed = [v.told[name] - w for v, w in zip(mine, actual, strict=True)]
            absolute = [abs(e) for e in signed]
            rows.append(
                ErrorRow(
                    cls=cls,
                    estimator=name,
                    n=len(mine),
                    mean_wait_s=mean,
                    mae_s=statistics.fmean(absolute),
                    p90_abs_s=p90(absolute),
                    bias_s=statistics.fmean(signed),
                    floor_s=floor,
                    floor_support=support,
                )
            )
    return rows


def table(rows: Sequence[ErrorRow]) -> str:
    """The rows as a markdown table, times in minutes."""
    out = [
        "| class | estimator | n | mean wait | MAE | MAE % of mean | p90 abs err | bias | "
        f"floor | MAE / floor | in groups ≥ {FLOOR_GROUP} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r.cls} | {r.estimator} | {r.n} | {r.mean_wait_s / 60:.1f} | "
            f"{r.mae_s / 60:.1f} | {100 * r.mae_share:.0f} % | {r.p90_abs_s / 60:.1f} | "
            f"{r.bias_s / 60:+.1f} | {r.floor_s / 60:.1f} | {r.vs_floor:.2f} | "
            f"{100 * r.floor_support:.0f} % |"
        )
    return "\n".join(out)
