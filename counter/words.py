"""The counter's sentences in the clerk's language: the catalog, and the names the model holds
(services, priorities, pause reasons) as the clerk reads them. Widgets and dialogs get one at
construction, so they never ask the app."""

from __future__ import annotations

from typing import Any

from counter.fmt import duration
from counter.model import CounterModel, Said
from server.i18n import Catalog


class Words:
    def __init__(self, catalog: Catalog, lang: str) -> None:
        self.catalog = catalog
        self.lang = lang

    def t(self, key: str, **values: Any) -> str:
        return self.catalog.t(self.lang, key, **values)

    def knows(self, key: str) -> bool:
        return key in self.catalog.texts["lv"]

    def duration(self, seconds: int) -> str:
        return duration(self.catalog, self.lang, seconds)

    def service(self, model: CounterModel, sid: str) -> str:
        line = model.services.get(sid)
        return line.name.get(self.lang, sid) if line else sid

    def priority(self, model: CounterModel, pid: str | None) -> str:
        if pid is None:
            return self.t("serving.no_priority")
        return model.priorities.get(pid, {}).get(self.lang, pid)

    def reason(self, reason: str) -> str:
        """A pause reason: ours by name, another client's (any text) as it came."""
        return self.t(f"reasons.{reason}") if self.knows(f"reasons.{reason}") else reason

    def said(self, model: CounterModel, said: Said) -> str:
        if not self.knows(said.key):  # an error code this app has no sentence for
            return self.t("errors.other", message=said.message)
        service = self.service(model, said.service)
        return self.t(said.key, number=said.number, service=service, message=said.message)
