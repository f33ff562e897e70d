"""While the rating is on its way, "Saving…"; then "Thank you!" and whether it was saved.
After `show_s` seconds this page's timer posts `Done` and the faces come back for the next
visitor. Nothing is kept to send again later: a rating not saved now is not worth a late
write (it says so instead)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from feedback.pages.base import Page
from feedback.rating import Rating
from server.i18n import Catalog


class ThanksPage(Page):
    class Done(Message):
        """The thank-you has been up long enough: back to the faces."""

    def __init__(self, catalog: Catalog, *, show_s: float) -> None:
        super().__init__(catalog, id="thanks-page")
        self.show_s = show_s
        self._done: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="thanks"):
            yield Static(id="thanks-title")
            yield Static(id="thanks-text")

    def watch_rating(self, old: Rating, rating: Rating) -> None:
        lang, t = rating.lang, self.catalog.t
        title = self.query_one("#thanks-title", Static)
        text = self.query_one("#thanks-text", Static)
        if rating.stage == "sending":
            title.update("")
            text.update(t(lang, "sending.text"))
        elif rating.stage in ("thanks", "not_saved"):
            title.update(t(lang, "thanks.title"))
            text.update(t(lang, f"thanks.{'saved' if rating.stage == 'thanks' else 'not_saved'}"))
        text.set_class(rating.stage == "not_saved", "not-saved")
        if rating.stage == old.stage:
            return  # only the language changed: the thank-you stays its time, no longer
        if self._done is not None:
            self._done.stop()
            self._done = None
        if rating.stage in ("thanks", "not_saved"):
            self._done = self.set_timer(self.show_s, lambda: self.post_message(self.Done()))
