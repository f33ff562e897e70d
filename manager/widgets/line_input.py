"""A one-line field for what a manager types for people to read (a reason, a notice): it
holds at most `max_length` characters, and a paste that would not fit, or that has several
lines, is refused whole with a sentence (Textual's own field would keep the first line of
it, or cut it short, without a word)."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input


class LineInput(Input):
    class Refused(Message):
        """A paste was refused: `key` is its sentence in the catalog, with `values`."""

        def __init__(self, key: str, **values: int) -> None:
            super().__init__()
            self.key = key
            self.values = values

    def _on_paste(self, event: events.Paste) -> None:
        """Runs before Input's own handler, which pastes unless the default is prevented."""
        lines = event.text.splitlines()
        start, end = sorted(self.selection)
        length = len(self.value) - (end - start) + len(event.text)
        if len(lines) > 1:
            refused = self.Refused("actions.paste_lines", lines=len(lines))
        elif self.max_length and length > self.max_length:
            refused = self.Refused("actions.too_long", length=length, limit=self.max_length)
        else:
            return
        event.prevent_default()
        event.stop()
        self.post_message(refused)
