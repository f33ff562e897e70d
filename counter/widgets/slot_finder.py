"""Find a free slot: a service that takes bookings, a day that has free times, a time; then
the visitor's name and contact (optional) for a new booking. To move a booking, only the day
and the time (its service stays).

Highlighting a service asks for its free slots (`free_slots`, a month from today, in one
request); the days and times are drawn from the answer in the model. What the clerk picks
goes out as an ask (`Asked`): `BookSlot` or `MoveTo`. Service names come from the config:
plain text (`Content`), never read as markup."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from counter.appointments import PERSONAL_MAX
from counter.asked import Asked
from counter.asks import BookSlot, FindSlots, MoveTo
from counter.model import CounterModel
from counter.words import Words
from server.protocol.views import BookingView


class SlotFinder(Vertical):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    def __init__(self, words: Words, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words
        t = words.t
        self.services = OptionList(id="find-services")
        self.days = OptionList(id="find-days")
        self.times = OptionList(id="find-times")
        self.visitor = Input(placeholder=t("bookings.visitor_name"), max_length=PERSONAL_MAX)
        self.contact = Input(placeholder=t("bookings.visitor_contact"), max_length=PERSONAL_MAX)
        # The booking being moved (None: a new one), and the service chosen.
        self.moving: BookingView | None = None
        self.service = ""
        self.drawn: dict[str | None, list[tuple[str | None, str, bool]]] = {}
        self.basis: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        t = self.words.t
        with Horizontal(id="find-lists"):
            for key, options in (
                ("service", self.services),
                ("day", self.days),
                ("time", self.times),
            ):
                with Vertical(classes="find-column", id=f"find-{key}-column"):
                    yield Label(t(f"bookings.{key}"), classes="column-title")
                    yield options
        with Horizontal(id="find-personal"):
            yield self.visitor
            yield self.contact

    # ---- what the screen asks of it --------------------------------------------------------

    # The screen posts what these return: a message this widget posted from the screen's
    # context would stop at the screen (Textual does not bubble a message past its sender).

    def begin(self, moving: BookingView | None) -> FindSlots | None:
        """Start afresh, a new booking or a new time for `moving`: the slots to ask for."""
        self.moving = moving
        self.set_class(moving is not None, "-moving")
        self.visitor.value = self.contact.value = ""
        self.service = ""
        # Nothing of the last search stays picked: Enter at once takes today's first time,
        # never the day and time the clerk chose for someone else before.
        for options in (self.days, self.times):
            options.clear_options()
            self.drawn.pop(options.id, None)
        if moving is not None:
            self.days.focus()
            return self._choose(moving.service)
        self._draw()
        self.services.focus()
        i = self.services.highlighted
        service = self.services.get_option_at_index(i).id if i is not None else None
        return self._choose(service) if service else None

    @property
    def start(self) -> str | None:
        """The start of the highlighted free time, if any."""
        i = self.times.highlighted
        if i is None or not self.times.option_count:
            return None
        option = self.times.get_option_at_index(i)
        return None if option.disabled else option.id

    def booking(self) -> BookSlot | None:
        """The booking the clerk filled in, if a time is picked."""
        start = self.start
        if self.moving is not None or not self.service or start is None:
            return None
        return BookSlot(self.service, start, self.visitor.value, self.contact.value)

    # ---- the clerk picks ------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.services and event.option.id:
            self._post(self._choose(event.option.id))
        elif event.option_list is self.days:
            self._draw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.services:
            self.days.focus()
        elif event.option_list is self.days:
            self.times.focus()
        elif event.option_list is self.times and event.option.id:
            if self.moving is not None:
                self.post_message(Asked(MoveTo(self.moving.code, event.option.id)))
            else:
                self.visitor.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self.visitor:
            self.contact.focus()
        else:
            self._post(self.booking())

    def _post(self, ask: BookSlot | FindSlots | None) -> None:
        if ask is not None:
            self.post_message(Asked(ask))

    def _choose(self, service: str) -> FindSlots | None:
        """Show `service`'s free slots: the ask for them, if it is another service."""
        ask = None
        if service != self.service:
            self.service = service
            ask = FindSlots(service)
        self._draw()
        return ask

    # ---- drawing from the model -------------------------------------------------------------

    def watch_model(self, m: CounterModel) -> None:
        # Most frames (queues, calls) change nothing drawn here, and a month of slots is long.
        a = m.appointments
        basis = (m.bookable, m.timezone, a.day, a.service, a.found, a.slots)
        if basis != self.basis:
            self.basis = basis
            self._draw()

    def _draw(self) -> None:
        m, w = self.model, self.words
        a, tz = m.appointments, m.timezone
        services = [Option(Content(w.service(m, sid)), id=sid) for sid in m.bookable]
        self._fill(self.services, services or [self._note("bookings.no_bookable")])
        days: list[Option] = []
        if self.service and a.found != self.service:
            days = [self._note("bookings.looking")]
        elif self.service:
            days = [Option(f"{w.day(m, d)} ({n})", id=d.isoformat()) for d, n in a.slot_days(tz)]
            days = days or [self._note("bookings.no_slots")]
        self._fill(self.days, days)
        times: list[Option] = []
        if (i := self.days.highlighted) is not None and (day := self._day_at(i)) is not None:
            for s in a.slots_on(day, tz):
                free = f" ({s.free})" if s.free > 1 else ""
                times.append(Option(w.clock(m, s.start) + free, id=s.start))
        self._fill(self.times, times)

    def _day_at(self, index: int) -> date | None:
        if index >= self.days.option_count:
            return None
        option = self.days.get_option_at_index(index)
        return None if option.disabled or not option.id else date.fromisoformat(option.id)

    def _note(self, key: str) -> Option:
        return Option(self.words.t(key), disabled=True)

    def _fill(self, options: OptionList, new: list[Option]) -> None:
        """Show `new` if it differs from what is shown, the same option highlighted (by id)
        if it is still there, else the first one that can be picked."""
        drawn = [(o.id, str(o.prompt), o.disabled) for o in new]
        if drawn == self.drawn.get(options.id):
            return
        self.drawn[options.id] = drawn
        i = options.highlighted
        was = options.get_option_at_index(i).id if i is not None and options.option_count else None
        options.clear_options()
        options.add_options(new)
        ids = [o.id for o in new]
        if was is not None and was in ids:
            options.highlighted = ids.index(was)
        else:
            options.highlighted = next((n for n, o in enumerate(new) if not o.disabled), None)
