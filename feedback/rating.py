"""One visitor's rating on the tablet, as a value: which page it is on and what was chosen.

Pure (no Textual, no I/O): the app keeps the current `Rating` in a reactive attribute and
its pages draw from it. A rating is sent once, with its reason if one is asked for: a tablet
rating that was sent again to add a reason would count twice when anonymous, and a visit's
second tablet rating would not go to that visit (the server gives a tablet's rating to the
last visit finished at its counter only while that visit has none).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from server.core.feedback import REASON_UP_TO
from server.protocol.messages import Lang

Stage = Literal["faces", "reasons", "sending", "thanks", "not_saved"]

SCORES = (1, 2, 3, 4, 5)


def asks_reason(score: int, reasons: int) -> bool:
    """Whether the reasons page follows this face (`reasons`: how many are configured): the
    server keeps a reason only with a score up to REASON_UP_TO, as the phone page asks."""
    return reasons > 0 and score <= REASON_UP_TO


@dataclass(frozen=True)
class Rating:
    lang: Lang
    stage: Stage = "faces"
    score: int | None = None
    reason: str | None = None

    @property
    def page(self) -> str:
        """The page of this stage: the thanks page also says "saving" and "not saved"."""
        return f"{self.stage}-page" if self.stage in ("faces", "reasons") else "thanks-page"

    def with_lang(self, lang: Lang) -> Rating:
        return replace(self, lang=lang)

    def chose_face(self, score: int, *, ask_reason: bool) -> Rating:
        """A face was tapped: the reasons next, or straight to saving."""
        if self.stage != "faces" or score not in SCORES:
            return self  # a second tap while the first is on its way: one rating
        if ask_reason:
            return replace(self, stage="reasons", score=score)
        return replace(self, stage="sending", score=score)

    def chose_reason(self, reason: str | None) -> Rating:
        """A reason was tapped, or skipped (None), or the visitor walked away: saving."""
        if self.stage != "reasons":
            return self
        return replace(self, stage="sending", reason=reason)

    def back(self) -> Rating:
        """From the reasons back to the faces (a face tapped by mistake): nothing chosen."""
        if self.stage != "reasons":
            return self
        return replace(self, stage="faces", score=None)

    def saved(self) -> Rating:
        return replace(self, stage="thanks") if self.stage == "sending" else self

    def not_saved(self) -> Rating:
        return replace(self, stage="not_saved") if self.stage == "sending" else self
