"""One button per counter action, labelled with its function key; the screen enables the
ones that make sense now (the same check as for the keys)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button


class ActionBar(Horizontal):
    def __init__(self, actions: list[tuple[str, str, str]], id: str | None = None) -> None:
        """`actions`: (key, action name, label) in the order shown."""
        super().__init__(id=id)
        self.actions = actions

    def compose(self) -> ComposeResult:
        for key, action, label in self.actions:
            yield Button(f"{key.upper()} {label}", id=action, compact=True)

    def enable(self, allowed: dict[str, bool]) -> None:
        for button in self.query(Button):
            button.disabled = not allowed.get(button.id or "", False)
