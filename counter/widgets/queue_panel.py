"""The side panel: who waits for the services this counter serves, the longest wait now,
the expected wait and how many visitors were served here today. Redrawn on every `queue`
and `counter` event, and every second (the longest wait grows while nobody is called).
Service names (config) are plain text (`Content`), never read as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.widgets import Static

from counter.fmt import duration

if TYPE_CHECKING:
    from counter.app import CounterApp


class QueuePanel(Static):
    def on_mount(self) -> None:
        self.set_interval(1.0, self.redraw)

    def redraw(self) -> None:
        app = cast("CounterApp", self.app)
        m = app.model
        rows: list[Content | str] = [Content.styled(app.t("panel.title"), "bold"), ""]
        for sid in m.mine:
            line = m.services.get(sid)
            if line is not None:
                rows.append(app.t("panel.waiting", service=app.service_name(sid), n=line.waiting))
        rows.append("")
        longest = m.longest_wait_s(app.clock())
        if longest is None:
            rows.append(app.t("panel.longest", time=app.t("panel.nobody")))
        else:
            rows.append(app.t("panel.longest", time=duration(app.catalog, app.lang, longest)))
        expected = duration(app.catalog, app.lang, m.expected_wait_s())
        rows.append(app.t("panel.expected", time=expected))
        rows.append("")
        rows.append(app.t("panel.served", n=m.served_today))
        self.update(Content("\n").join(rows))
