"""One booking for the clerk to tell the visitor or write down: its code in large letters,
the time and service, the visitor's name and contact if given, its state and ticket, and the
visitor's own link, and what to do with it. Shown after booking or moving, and for a booking
picked in the list.

The name, contact and service name were typed elsewhere: plain text (`Content`), never read
as markup."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from counter.model import CounterModel
from counter.words import Words
from server.protocol.views import BookingView


class BookingCard(VerticalScroll):
    def __init__(self, words: Words, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self.words = words
        self.heading = Label(classes="card-title")
        self.code = Static(id="card-code")
        self.details = Static(id="card-details")
        self.hint = Label(words.t("bookings.card_hint"), classes="hint")

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.code
        yield self.details
        yield self.hint

    def show(self, m: CounterModel, b: BookingView, name: str, contact: str, title: str) -> None:
        """Draw `b` (`name` and `contact` as the clerk knows them) under the heading `title`."""
        w, t = self.words, self.words.t
        self.heading.update(t(title))
        self.code.update(" ".join(b.code))
        rows = [
            f"{t('bookings.time')}: {w.when(m, b.start, always_day=True)}",
            f"{t('bookings.service')}: {w.service(m, b.service)}",
            f"{t('bookings.state')}: {t(f'states.{b.state}')}",
        ]
        if b.ticket:
            rows.append(f"{t('bookings.ticket')}: {b.ticket}")
        if name:
            rows.append(f"{t('bookings.name')}: {name}")
        if contact:
            rows.append(f"{t('bookings.contact')}: {contact}")
        rows.append(f"{t('bookings.link')}: {b.link}")
        self.details.update(Content("\n".join(rows)))
