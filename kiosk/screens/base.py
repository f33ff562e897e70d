"""What every kiosk screen shares: any touch or key counts as "someone is here"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

if TYPE_CHECKING:
    from kiosk.app import KioskApp


class KioskScreen(Screen[None]):
    @property
    def kiosk(self) -> KioskApp:
        from kiosk.app import KioskApp

        assert isinstance(self.app, KioskApp)
        return self.app

    def t(self, key: str, **values: Any) -> str:
        return self.kiosk.t(key, **values)

    def on_mouse_down(self, _event: events.MouseDown) -> None:
        self.kiosk.touched()

    def on_key(self, _event: events.Key) -> None:
        self.kiosk.touched()
