"""The kiosks the server heard from, and their ticket printers as each last reported it
(the detail is the kiosk's own words: plain text)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from manager.floor import Floor
from manager.fmt import local
from manager.widgets.floor_table import FloorTable, Row
from server.staff_words import instant

# A kiosk may say up to 200 characters about its printer; the table shows the start.
DETAIL_SHOWN = 40


class KiosksTable(FloorTable):
    COLUMNS = ("kiosk", "printer", "since")
    COLUMNS_KEY = "kiosks.col"
    TITLE_KEY = "kiosks.title"

    def lines(self, floor: Floor, now: datetime) -> list[Row]:
        w = self.words
        out: list[Row] = []
        for kiosk, p in sorted(floor.printers.items()):
            state = w.t(f"kiosks.printer.{p.status}")
            if p.detail:
                state = f"{state} ({p.detail[:DETAIL_SHOWN]})"
            at = f"{local(instant(p.at), floor.timezone):%H:%M}"
            style = "" if p.status == "ok" else "bold red"
            out.append((kiosk, (Text(kiosk), Text(state, style=style), Text(at))))
        return out
