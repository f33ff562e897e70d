"""One button per counter action, labelled with its function key, in two rows of five; the
ones that make no sense now are greyed out (the model's `allows`, the same rule as for the
keys). Pressing one posts `Button.Pressed`, which the screen runs as the key's action."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.reactive import reactive
from textual.widgets import Button

from counter.model import CounterModel

ROW = 5


class ActionBar(Vertical):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(self, actions: Sequence[tuple[str, str, str]], id: str | None = None) -> None:
        """`actions`: (key, action name, label) in the order shown."""
        super().__init__(id=id)
        self.buttons = [
            Button(f"{key.upper()} {label}", id=action, compact=True, disabled=True)
            for key, action, label in actions
        ]

    def compose(self) -> ComposeResult:
        for start in range(0, len(self.buttons), ROW):
            with HorizontalGroup():
                yield from self.buttons[start : start + ROW]

    def watch_model(self, m: CounterModel) -> None:
        for button in self.buttons:
            button.disabled = not m.allows(button.id or "")
