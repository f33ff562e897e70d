"""The one-sentence line that tells the clerk what just happened, or why not (the model's
`said`), or else a hint.

Its sentences carry ticket numbers, service names and the server's own words: shown as plain
text (`Content`), never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from counter.model import CounterModel
from counter.words import Words


class Notice(Static):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(self, words: Words, hint: str = "", id: str | None = None) -> None:
        super().__init__(hint, id=id)
        self.words = words
        self.hint = hint

    def watch_model(self, m: CounterModel) -> None:
        said = m.said
        self.set_class(said is not None and said.error, "error")
        self.update(Content(self.words.said(m, said) if said else self.hint))
