"""What the tablet's pages share.

Every page is mounted once and shown or hidden by the app's `page` (a ContentSwitcher), so
nothing pushes or pops a screen because of a frame or a timer: the app only sets reactive
attributes and each page draws itself from the ones it is bound to. A page's timers are its
own, so they stop with it.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.reactive import reactive

from feedback.rating import Rating
from server.i18n import Catalog


class Page(Vertical):
    rating: reactive[Rating] = reactive(lambda: Rating("lv"))
    """The rating under way (bound to the app's)."""

    def __init__(self, catalog: Catalog, *, id: str) -> None:
        super().__init__(id=id)
        self.catalog = catalog
