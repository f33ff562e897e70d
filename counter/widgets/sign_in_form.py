"""Sign-in: clerk id and PIN (masked). Also what the counter shows while it connects, and
after sign-out or the automatic sign-out at closing time. It posts what the clerk typed
(`Submitted`); the model decides whether that is a request or a sentence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Input, Label

from counter.asks import SignInAs
from counter.model import CounterModel
from counter.widgets.notice import Notice
from counter.words import Words


class SignInForm(Vertical):
    model: reactive[CounterModel] = reactive(CounterModel(""), init=False)

    class Submitted(Message):
        def __init__(self, ask: SignInAs) -> None:
            super().__init__()
            self.ask = ask

    def __init__(self, words: Words, id: str | None = None) -> None:
        super().__init__(classes="dialog", id=id)
        self.words = words
        self.heading = Label(classes="dialog-title")
        self.clerk = Input(placeholder=words.t("sign_in.clerk"), max_length=32, id="clerk")
        self.pin = Input(placeholder=words.t("sign_in.pin"), password=True, max_length=64, id="pin")

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.clerk
        yield self.pin
        yield Button(self.words.t("sign_in.submit"), id="submit", variant="primary")
        yield Notice(self.words, self.words.t("sign_in.hint")).data_bind(SignInForm.model)

    def watch_model(self, old: CounterModel, new: CounterModel) -> None:
        self.heading.update(Content(self.words.t("sign_in.title", counter=new.counter)))
        if new.signed_in and not old.signed_in:
            self.clerk.value = ""  # the next clerk starts with their own id

    def begin(self) -> None:
        """The clerk's turn: the cursor waits in the clerk id."""
        self.clerk.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self.clerk:
            self.pin.focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        clerk, pin = self.clerk.value.strip(), self.pin.value
        if clerk and pin:
            self.pin.value = ""  # never left on screen, right or wrong
        (self.pin if clerk else self.clerk).focus()
        self.post_message(self.Submitted(SignInAs(clerk, pin)))
