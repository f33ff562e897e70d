"""What the tablet's pages share.

Every page is mounted once and shown or hidden by the app's `page` (a ContentSwitcher), so
nothing pushes or pops a screen because of a frame or a timer: the app only sets reactive
attributes and each page draws itself from the ones it is bound to. A page's timers are its
own, paused while it is hidden, so they stop with it.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.reactive import reactive

from feedback.rating import Rating
from server.i18n import Catalog


class Page(Vertical):
    page: reactive[str] = reactive("")
    """The page the app shows now (bound to the app's)."""

    rating: reactive[Rating] = reactive(lambda: Rating("lv"))
    """The rating under way (bound to the app's)."""

    def __init__(self, catalog: Catalog, *, id: str) -> None:
        super().__init__(id=id)
        self.catalog = catalog

    @property
    def showing(self) -> bool:
        return self.page == self.id

    def watch_page(self, page: str) -> None:
        if page == self.id:
            # After the switcher has displayed this page: only a displayed widget takes focus.
            self.call_after_refresh(self.focus_default)

    def focus_default(self) -> None:
        """Put the keyboard where a visitor most likely goes next."""
