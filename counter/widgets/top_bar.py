"""The counter's name, who is signed in, its status and the connection, at a glance.
The names (config, clerk register) are shown as plain text, never read as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from counter.app import CounterApp


class TopBar(Static):
    def redraw(self) -> None:
        app = cast("CounterApp", self.app)
        m = app.model
        parts = [app.t("app.title", counter=m.name or m.counter)]
        if m.clerk:
            parts.append(app.t("serving.clerk", name=m.clerk_name or m.clerk))
        parts.append(app.t(f"status.{m.status}"))
        if app.link_state != "online":
            parts.append(app.t(f"app.{app.link_state}"))
        self.set_class(app.link_state != "online", "offline")
        self.update(Content("  ·  ".join(parts)))
