"""What the kiosk's pages share.

Every page is mounted once and shown or hidden by the app's `page` (a ContentSwitcher), so
no screen is ever pushed or popped by something that arrives from the network or a timer:
the app only sets reactive attributes, and each page draws itself from the ones it is bound
to. Textual stops calling a widget's watchers once it starts closing, before its children
go, so nothing can reach for a widget that is already gone while the app stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer

from server.i18n import Catalog


class Page(Vertical):
    page: reactive[str] = reactive("")
    """The page the app shows now (bound to the app's)."""

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

    async def remake(self) -> None:
        """Compose the page anew (what it is made of changed); the focus was on a widget
        that is gone now."""
        await self.recompose()
        if self.showing:
            self.focus_default()


@dataclass(frozen=True)
class IdleRule:
    """After `timeout` seconds without a touch, measured on `clock` (tests move it)."""

    timeout: float
    clock: Callable[[], float]


class VisitPage(Page):
    """A page of a visit under way. After `idle_timeout` seconds without a touch or a key it
    posts `Idle`: the visitor walked away and the next one starts at the language choice."""

    class Idle(Message):
        """Nobody has touched the kiosk for a while."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        id: str,
        idle: IdleRule,
    ) -> None:
        super().__init__(catalog, id=id)
        self.idle_timeout = idle.timeout
        self.monotonic = idle.clock
        self.last_touch = self.monotonic()
        self._idle: Timer | None = None

    def on_mount(self) -> None:
        self._idle = self.set_interval(
            min(1.0, self.idle_timeout / 4), self._check_idle, pause=not self.showing
        )

    def watch_page(self, page: str) -> None:
        super().watch_page(page)
        self.last_touch = self.monotonic()
        if self._idle is not None:
            if page == self.id:
                self._idle.resume()
            else:
                self._idle.pause()

    def _check_idle(self) -> None:
        if self.monotonic() - self.last_touch >= self.idle_timeout:
            self.post_message(self.Idle())

    def on_mouse_down(self, _event: events.MouseDown) -> None:
        self.last_touch = self.monotonic()

    def on_key(self, _event: events.Key) -> None:
        self.last_touch = self.monotonic()
