"""The visitor at the counter: number, service, priority, how long they waited and how long
ago they were called (ticking, from the app's clock). The note (typed at another counter),
the names and a pause reason come from the wire or the config: plain text (`Content`), never
read as markup; only the number is styled, around it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.widgets import Static

from counter.fmt import duration, stopwatch
from counter.model import parse_time

if TYPE_CHECKING:
    from counter.app import CounterApp


class CurrentTicket(Static):
    def on_mount(self) -> None:
        self.set_interval(1.0, self.redraw)

    def redraw(self) -> None:
        app = cast("CounterApp", self.app)
        m = app.model
        t = m.current
        self.set_class(t is None, "empty")
        if t is None:
            if m.status == "paused":
                known = f"reasons.{m.reason}" in app.catalog.texts["lv"]
                reason = app.t(f"reasons.{m.reason}") if known else m.reason
                self.update(Content(app.t("serving.paused", reason=reason)))
            else:
                self.update(Content(app.t("serving.no_ticket")))
            return
        now = app.clock()
        called = parse_time(t.called_at)
        since = stopwatch(round((now - called).total_seconds())) if called else "—"
        serving = t.status == "serving"
        status = app.t("serving.ticket_serving" if serving else "serving.ticket_called")
        rows: list[Content | str] = [
            Content.assemble((t.number, "bold"), f"  {status}"),
            "",
            f"{app.t('serving.service')}: {app.service_name(t.service)}",
            f"{app.t('serving.priority')}: {app.priority_name(t.priority)}",
            f"{app.t('serving.waited')}: {duration(app.catalog, app.lang, t.waited_s)}",
            f"{app.t('serving.since_called')}: {since}",
            f"{app.t('serving.calls')}: {t.calls}",
        ]
        if t.note:
            rows.append(f"{app.t('serving.note')}: {t.note}")
        self.update(Content("\n").join(rows))
