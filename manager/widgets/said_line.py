"""One line saying what the manager's last action or request came to (the server's words
in it are plain text). It empties itself after a while, on its own timer, and when the
manager switches tabs, so an old sentence does not sit beside a newer one elsewhere."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from manager.said import Said

SHOWN_S = 20.0


class SaidLine(Static):
    # Always: the same sentence said again (the same key pressed twice) shows again.
    said: reactive[Said] = reactive(Said(), init=False, always_update=True)

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None

    def watch_said(self, said: Said) -> None:
        self.set_class(said.error, "-error")
        self.update(Content(said.text))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SHOWN_S, self.forget) if said.text else None

    def forget(self) -> None:
        self.update("")
        self.remove_class("-error")
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
