"""What one "call next" at this counter did, as the one sentence the clerk reads: the tickets
joined from home it passed over because their visitors are not here yet, and whom it called,
if anyone ("A009 passed over: not here yet. A010 called.").

The server answers call_next to the app that asked and sends a `passed` frame for each ticket
passed over (with this counter) to every app; the two travel apart and may come in either
order. A `CallRound` folds in each as it comes, so the sentence says what is known so far and
is whole once both are in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from counter.said import Said


@dataclass(frozen=True)
class CallRound:
    passed: tuple[str, ...] = ()
    answered: bool = False
    # The ticket called, once answered (None: nobody).
    called: str | None = None
    # Tickets of this counter's services were waiting, not here, when nobody was called:
    # "nobody HERE is waiting" (the panel lists them, the counts include them).
    others_away: bool = False

    def passing(self, ticket: str) -> CallRound:
        if ticket in self.passed:  # the same frame again after a reconnect
            return self
        return replace(self, passed=(*self.passed, ticket))

    def answer(self, called: str | None, others_away: bool) -> CallRound:
        return replace(self, answered=True, called=called, others_away=others_away)

    def said(self) -> Said:
        if not self.answered:
            return Said("", passed=self.passed)
        if self.called is not None:
            return Said("notice.called", number=self.called, passed=self.passed)
        key = "notice.nobody_here" if self.passed or self.others_away else "notice.nobody"
        return Said(key, error=True, passed=self.passed)
