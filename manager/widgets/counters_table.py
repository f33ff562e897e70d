"""Every counter: what it is doing (serving, called, open, paused with its reason, closed),
the clerk signed in, the ticket at it and for how long, and how many it served today."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from manager.floor import Floor
from manager.widgets.floor_table import FloorTable, Row
from server.staff_words import stopwatch

# How each state stands out; the text itself comes from the catalog.
STYLES = {"serving": "bold", "called": "bold", "open": "", "paused": "yellow", "closed": "dim"}


class CountersTable(FloorTable):
    COLUMNS = ("counter", "state", "clerk", "ticket", "for", "served")
    COLUMNS_KEY = "counters.col"
    TITLE_KEY = "counters.title"

    def lines(self, floor: Floor, now: datetime) -> list[Row]:
        w = self.words
        out: list[Row] = []
        for cid, c in floor.counters.items():
            shows = floor.shows(cid)
            state = w.t(f"counters.state.{shows}")
            if shows == "paused" and c.reason:
                state = f"{state}: {w.pause_reason(c.reason)}"
            t = floor.current(cid)
            since = None
            if shows in ("serving", "called") and t is not None:
                since = t.serving_at if shows == "serving" and t.serving_at else t.called_at
            elif shows == "paused":
                since = c.since
            held = stopwatch(round((now - since).total_seconds())) if since else ""
            if held and shows == "paused" and not c.since_known:
                held = f"≥ {held}"  # paused before this app was welcomed: at least this long
            out.append(
                (
                    cid,
                    (
                        Text(c.name),
                        Text(state, style=STYLES[shows]),
                        Text(c.clerk or ""),
                        Text(t.number if t and shows in ("serving", "called") else ""),
                        Text(held),
                        Text(str(c.served_today)),
                    ),
                )
            )
        return out
