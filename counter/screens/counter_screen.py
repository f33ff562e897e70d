"""The counter's one screen: the sign-in form while nobody is signed in here, else the desk a
clerk works at all day (the current visitor, the queue panel, one line saying what happened,
a button per action), with the function keys in the footer.

It draws the app's `model` (bound with `data_bind`) and posts what the clerk asks for
(`Asked`, and `BookingsWanted` for the bookings view, which the app pushes); it never calls
into the app, so a frame arriving while the app shuts down has nothing here to reach. Which
half shows is a CSS class, set from the model.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer

from counter.asked import Asked
from counter.asks import ACTIONS, Action, Ask, Press
from counter.model import CounterModel
from counter.screens.call_number import CallNumberScreen
from counter.screens.pause import PauseScreen
from counter.screens.transfer import TransferScreen
from counter.widgets.action_bar import ActionBar
from counter.widgets.current_ticket import CurrentTicket
from counter.widgets.notice import Notice
from counter.widgets.queue_panel import QueuePanel
from counter.widgets.sign_in_form import SignInForm
from counter.widgets.top_bar import TopBar
from counter.words import Words

KEYS: tuple[tuple[str, Action], ...] = (
    ("f2", "call_next"),
    ("f3", "recall"),
    ("f4", "start"),
    ("f5", "finish"),
    ("f6", "no_show"),
    ("f7", "transfer"),
    ("f8", "call_number"),
    ("f9", "pause"),
    ("f10", "resume"),
    ("f12", "sign_out"),
    ("f11", "bookings"),
)


class CounterScreen(Screen[None]):
    AUTO_FOCUS = "#clerk"
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False, bindings=True)

    class BookingsWanted(Message):
        """The clerk opens the bookings view (the app pushes it, bound to its model)."""

    @classmethod
    def labelled(cls, words: Words) -> type[CounterScreen]:
        """This screen with its keys labelled in the clerk's language. Textual reads
        `BINDINGS` once, when a class is made, and has no public way to relabel an instance's
        keys: so each app makes the subclass for its language."""
        bindings = [Binding(key, action, words.t(f"keys.{action}")) for key, action in KEYS]
        return cast(type[CounterScreen], type(cls.__name__, (cls,), {"BINDINGS": bindings}))

    def __init__(self, words: Words, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.words = words
        self.clock = clock
        self.form = SignInForm(words, id="sign-in")

    def compose(self) -> ComposeResult:
        words, model = self.words, CounterScreen.model
        yield TopBar(words, id="top").data_bind(model)
        yield self.form.data_bind(model)
        with Vertical(id="desk"):
            with Horizontal(id="body"):
                yield CurrentTicket(words, self.clock, id="ticket").data_bind(model)
                yield QueuePanel(words, self.clock, id="panel").data_bind(model)
            yield Notice(words, id="notice").data_bind(model)
            actions = [(key, action, words.t(f"keys.{action}")) for key, action in KEYS]
            yield ActionBar(actions, id="actions").data_bind(model)
        yield Footer(compact=True)

    def watch_model(self, old: CounterModel, new: CounterModel) -> None:
        self.set_class(new.signed_in, "-signed-in")
        if new.signed_in != old.signed_in:
            if new.signed_in:
                self.set_focus(None)  # the keys are the screen's; no hidden field keeps typing
            else:
                self.form.begin()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False leaves an action out of the footer: at the demo's width only the keys that
        # work now fit there; the buttons show all ten, greyed out when they do not work.
        return action not in ACTIONS or self.model.allows(action)

    @on(Button.Pressed, "ActionBar Button")
    async def press(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    def _ask(self, ask: Ask | None) -> None:
        if ask is not None:
            self.post_message(Asked(ask))

    # ---- actions -------------------------------------------------------------------------

    def action_call_next(self) -> None:
        self._ask(Press("call_next"))

    def action_recall(self) -> None:
        self._ask(Press("recall"))

    def action_start(self) -> None:
        self._ask(Press("start"))

    def action_finish(self) -> None:
        self._ask(Press("finish"))

    def action_no_show(self) -> None:
        self._ask(Press("no_show"))

    def action_resume(self) -> None:
        self._ask(Press("resume"))

    def action_sign_out(self) -> None:
        self._ask(Press("sign_out"))

    def action_transfer(self) -> None:
        m = self.model
        if m.current is not None:
            services = [(sid, self.words.service(m, sid)) for sid in m.services]
            self.app.push_screen(TransferScreen(self.words, m.current.number, services), self._ask)

    def action_call_number(self) -> None:
        self.app.push_screen(CallNumberScreen(self.words), self._ask)

    def action_pause(self) -> None:
        self.app.push_screen(PauseScreen(self.words), self._ask)

    def action_bookings(self) -> None:
        self.post_message(self.BookingsWanted())
