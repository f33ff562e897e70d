"""The one-sentence line that tells the clerk what just happened, or why not (the model's
`said`, or its bookings view's), or else a hint.

Its sentences carry ticket numbers, service names and the server's own words: shown as plain
text (`Content`), never read as markup."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from counter.model import CounterModel
from counter.said import Said
from counter.words import Words


def desk_said(m: CounterModel) -> Said | None:
    return m.said


class Notice(Static):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(
        self,
        words: Words,
        hint: str = "",
        id: str | None = None,
        said: Callable[[CounterModel], Said | None] = desk_said,
    ) -> None:
        super().__init__(hint, id=id)
        self.words = words
        self.hint = hint
        self.said_of = said

    def show_hint(self, hint: str) -> None:
        self.hint = hint
        self.draw()

    def watch_model(self) -> None:
        self.draw()

    def draw(self) -> None:
        m = self.model
        said = self.said_of(m)
        self.set_class(said is not None and said.error, "error")
        self.update(Content(self.words.said(m, said) if said else self.hint))
