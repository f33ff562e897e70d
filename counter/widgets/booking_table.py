"""Today's bookings, one row each: time, code, service, state, ticket, the visitor's name and
contact. Redrawn whenever the list in the model changes; the cursor stays on the booking it
was on. Names and contacts are what a visitor or a website typed, and service names come from
the config: every cell is plain `Text`, never read as markup (a plain string cell would be)."""

from __future__ import annotations

from rich.text import Text
from textual.coordinate import Coordinate
from textual.reactive import reactive
from textual.widgets import DataTable

from counter.model import CounterModel
from counter.words import Words
from server.protocol.views import BookingView

# Columns: (catalog key under `bookings.`, width; None: as wide as the widest cell).
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("time", 5),
    ("code", 6),
    ("service", None),
    ("state", None),
    ("ticket", None),
    ("name", None),
    ("contact", None),
)
# Service names can be long ("Citizenship, migration and identity documents"): cut to the
# first width, to the second from the width of the app's -wide breakpoint on.
SERVICE_WIDTH = (16, 32)
WIDE = 100
# How a state stands out: what needs the clerk's eye is coloured.
STYLES = {
    "late": "bold yellow",
    "lapsed": "red",
    "no_show": "red",
    "cancelled": "dim",
    "waiting": "green",
    "called": "bold green",
    "served": "dim",
}


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class BookingTable(DataTable[Text]):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(self, words: Words, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.words = words
        self.drawn: tuple[object, ...] = ()
        self.service_width = SERVICE_WIDTH[0]

    def on_mount(self) -> None:
        self.service_width = SERVICE_WIDTH[self.app.size.width >= WIDE]
        for key, width in COLUMNS:
            if key == "service":
                width = self.service_width
            self.add_column(Text(self.words.t(f"bookings.{key}")), width=width, key=key)
        # The model may have come before the columns did: draw it now, with them.
        self.drawn = ()
        self.watch_model(self.model)

    @property
    def current(self) -> BookingView | None:
        """The booking the cursor is on."""
        return self.model.appointments.find(self._code())

    def _code(self) -> str:
        if not self.row_count:
            return ""
        return self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value or ""

    def watch_model(self, m: CounterModel) -> None:
        drawn = (m.appointments.rows, m.timezone, m.services)
        # Rows added before the columns would keep the columns as wide as their headers.
        if drawn == self.drawn or not self.columns:
            return
        self.drawn = drawn
        at = self._code()
        self.clear()
        w = self.words
        for b in m.appointments.rows:
            self.add_row(
                Text(w.clock(m, b.start)),
                Text(b.code, style="bold"),
                Text(cut(w.service(m, b.service), self.service_width)),
                Text(w.t(f"states.{b.state}"), style=STYLES.get(b.state, "")),
                Text(b.ticket or ""),
                Text(b.name),
                Text(b.contact),
                key=b.code,
            )
        codes = [b.code for b in m.appointments.rows]
        if at in codes:
            self.move_cursor(row=codes.index(at), animate=False)
