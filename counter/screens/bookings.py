"""The bookings view, over the desk: today's bookings as they change, and from there a new
booking for the visitor in front of the clerk (F2), moving one (F3) or cancelling one (F4,
after a question); Enter shows a booking's card, Esc goes back a page and then to the desk.

It draws the app's `model` (the app binds it when it pushes this screen) and posts what the
clerk asks for (`Asked`). The pages (the list, the slot finder, a booking's card) sit in a
`ContentSwitcher`; which one shows is this screen's `page`. After frames that changed today's
bookings (the model's `appointments.seen`) it asks for the list again, once per burst, on a
timer of its own; and every half minute, since a booking turns late with the clock alone.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, DataTable, Footer, OptionList, Static

from counter.appointments import OPEN_STATES
from counter.asked import Asked
from counter.asks import Ask, CancelBooking, FindSlots, ListBookings
from counter.model import CounterModel
from counter.said import Said
from counter.screens.confirm_cancel import ConfirmCancelScreen
from counter.widgets.booking_card import BookingCard
from counter.widgets.booking_table import BookingTable
from counter.widgets.notice import Notice
from counter.widgets.slot_finder import SlotFinder
from counter.words import Words
from server.protocol.views import BookingView

KEYS = (("f2", "new"), ("f3", "move"), ("f4", "cancel"), ("f5", "book"), ("escape", "back"))
# Frames come in bursts (a booking and its queue, a call and a finish): one look for them all.
LOOK_AGAIN_AFTER_S = 0.3
# A booking turns late when its time comes, which no frame announces: looked at this often.
LOOK_EVERY_S = 30.0


def bookings_said(m: CounterModel) -> Said | None:
    return m.appointments.said


class BookingsScreen(Screen[None]):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False, bindings=True)
    page: reactive[str] = reactive("list", init=False, bindings=True)

    @classmethod
    def labelled(cls, words: Words) -> type[BookingsScreen]:
        """This screen with its keys in the clerk's language (see `CounterScreen.labelled`)."""
        bindings = [Binding(key, action, words.t(f"bookings.{action}")) for key, action in KEYS]
        return cast(type[BookingsScreen], type(cls.__name__, (cls,), {"BINDINGS": bindings}))

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words
        self.top = Static(id="top")
        self.pages = ContentSwitcher(initial="list", id="pages")
        self.table = BookingTable(words, id="list")
        self.finder = SlotFinder(words, id="find")
        self.card = BookingCard(words, id="card")
        self.notice = Notice(words, id="bookings-notice", said=bookings_said)
        self.pending: Timer | None = None
        self.bound = False

    def compose(self) -> ComposeResult:
        model = BookingsScreen.model
        yield self.top
        with self.pages:
            yield self.table.data_bind(model)
            yield self.finder.data_bind(model)
            yield self.card
        yield self.notice.data_bind(model)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.post_message(Asked(ListBookings(opening=True)))
        self.set_interval(LOOK_EVERY_S, self._look)
        self.table.focus()
        self._describe()

    # ---- drawing --------------------------------------------------------------------------

    def watch_model(self, old: CounterModel, new: CounterModel) -> None:
        if not self.bound:
            # The model as it was when the view opened (a booking made last time is not
            # news, and on_mount asks for the list).
            self.bound = True
            if self.is_mounted:
                self._describe()
            return
        a, was = new.appointments, old.appointments
        if a.seen != was.seen and self.pending is None:
            self.pending = self.set_timer(LOOK_AGAIN_AFTER_S, self._look_again)
        if a.made is not None and a.made is not was.made:
            title = "bookings.moved_title" if self.finder.moving else "bookings.booked_title"
            self.card.show(new, a.made, a.made_name, a.made_contact, title)
            self.page = "card"
        self._describe()

    def watch_page(self, page: str) -> None:
        self.pages.current = page
        if page == "list":
            self.table.focus()
        elif page == "card":
            self.set_focus(None)  # the keys are the screen's
        self._describe()

    def _look_again(self) -> None:
        self.pending = None
        self._look()

    def _look(self) -> None:
        """Ask for today's bookings, and the free slots being looked at."""
        self.post_message(Asked(ListBookings()))
        if self.page == "find" and self.finder.service:
            self.post_message(Asked(FindSlots(self.finder.service)))

    def _describe(self) -> None:
        """The heading and the hint of the page shown."""
        m, t = self.model, self.words.t
        a = m.appointments
        if self.page == "find" and self.finder.moving is not None:
            b = self.finder.moving
            heading = t("bookings.move_title", code=b.code, time=self.words.when(m, b.start))
            hint = t("bookings.move_hint")
        elif self.page == "find":
            heading, hint = t("bookings.find_title"), t("bookings.find_hint")
        else:
            heading = t("bookings.loading")
            if a.listed:
                day = f"{date.fromisoformat(a.day):%d.%m.%Y}"
                heading = t("bookings.title", day=day, n=len(a.rows))
            hint = "" if self.page == "card" else t("bookings.hint")  # the card has its own
            if self.page == "list" and a.listed and not a.rows:
                hint = t("bookings.none")
        if m.link != "online":
            heading = f"{heading}  ·  {t(f'app.{m.link}')}"
        self.top.set_class(m.link != "online", "offline")
        self.top.update(Content(heading))
        self.notice.show_hint(hint)

    # ---- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False leaves a key out of the footer: it lists only what works on this page now.
        if action in ("move", "cancel"):
            return self.page == "list" and self._open() is not None
        if action == "new":
            return self.page != "find"
        if action == "book":
            return self.page == "find" and self.finder.booking() is not None
        return True

    def _open(self) -> BookingView | None:
        """The booking the cursor is on, if it may still be moved or cancelled."""
        b = self.table.current
        return b if b is not None and b.state in OPEN_STATES else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        b = self.table.current
        if b is not None:
            self.card.show(self.model, b, b.name, b.contact, "bookings.details_title")
            self.page = "card"

    def _ask(self, ask: Ask | None) -> None:
        if ask is not None:
            self.post_message(Asked(ask))

    def action_new(self) -> None:
        self.page = "find"
        self._ask(self.finder.begin(None))
        self._describe()

    def action_move(self) -> None:
        b = self._open()
        if b is not None:
            self.page = "find"
            self._ask(self.finder.begin(b))
            self._describe()

    def action_cancel(self) -> None:
        b = self._open()
        if b is None:
            return
        m, w = self.model, self.words
        question = w.t(
            "cancel.title", code=b.code, time=w.when(m, b.start), service=w.service(m, b.service)
        )

        def answered(cancel: bool | None) -> None:
            if cancel and b is not None:
                self._ask(CancelBooking(b.code))

        self.app.push_screen(ConfirmCancelScreen(w, question), answered)

    def action_book(self) -> None:
        if self.page == "find":
            self._ask(self.finder.booking())

    def action_back(self) -> None:
        if self.page == "list":
            self.dismiss()
        else:
            self.page = "list"
