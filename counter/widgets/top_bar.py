"""The counter's name, who is signed in, its status and the connection, at a glance.
The names (config, clerk register) are shown as plain text, never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from counter.model import CounterModel
from counter.words import Words


class TopBar(Static):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(self, words: Words, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def watch_model(self, m: CounterModel) -> None:
        t = self.words.t
        parts = [t("app.title", counter=m.name or m.counter)]
        if m.clerk:
            parts.append(t("serving.clerk", name=m.clerk_name or m.clerk))
        parts.append(t(f"status.{m.status}"))
        if m.link != "online":
            parts.append(t(f"app.{m.link}"))
        self.set_class(m.link != "online", "offline")
        self.update(Content("  ·  ".join(parts)))
