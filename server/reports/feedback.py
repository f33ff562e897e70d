"""The visitors' ratings as a report's figures (docs/reports.md, "Visitor feedback"): a
group's feedback from its tally, and the reasons a report lists with their labels.

The reasons are the centre's configured ones, in their order, then any the log has that the
configuration no longer does (a reason taken out still counted while it was in).
"""

from __future__ import annotations

from collections.abc import Iterable

from server.config import CentreConfig
from server.protocol.reports import NOBODY_RATED, Feedback, Reason
from server.reports.tally import Tally


def feedback_of(t: Tally) -> Feedback:
    """A group's feedback: its counts, with the shares and the mean worked out of them."""
    if t.rated == 0 and t.served == 0:
        return NOBODY_RATED
    n = t.rated
    return Feedback(
        rated=n,
        anonymous=t.rated_anonymous,
        answered=(n - t.rated_anonymous) / t.served if t.served else None,
        score_mean=t.score_sum / n if n else None,
        satisfied=t.satisfied / n if n else None,
        unhappy=t.unhappy / n if n else None,
        reasons=dict(sorted(t.reasons.items())),
    )


def reason_names(config: CentreConfig, lang: str) -> dict[str, str]:
    """Each reason id the centre offers (`[feedback.reasons]`), in its order, with its name
    in `lang`."""
    return {rid: names.get(lang) for rid, names in config.feedback.reasons.items()}


def reasons_of(config: CentreConfig, lang: str, given: Iterable[str]) -> list[Reason]:
    """The reasons a report lists: the configured ones, then the `given` ones it lacks."""
    names = reason_names(config, lang)
    extra = sorted(set(given) - set(names))
    return [Reason(id=r, label=names.get(r, r)) for r in [*names, *extra]]
