"""The clerk's counter app: sign in, then call, serve and hand on visitors.

One `Link` to the server and one reactive `model` (`counter.model.CounterModel`): every frame
that arrives gives a new model (the welcome snapshot rebuilds it, so after a reconnect or a
restart the counter finds its current visitor again), and the screen draws whatever model it
is bound to. What the clerk asks for arrives as messages; one worker sends those requests in
order and folds each answer into the model. Nothing here reaches into a screen or widget, so
a frame that arrives while the app shuts down changes a value and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.reactive import var
from textual.screen import Screen

from counter.asked import Asked
from counter.asks import Ask
from counter.model import CounterModel
from counter.screens.bookings import BookingsScreen
from counter.screens.counter_screen import CounterScreen
from counter.widgets.sign_in_form import SignInForm
from counter.words import Words
from server.app_run import run
from server.i18n import Catalog
from server.protocol.errors import RequestError, RequestTimeout
from server.protocol.link import Link
from server.protocol.messages import PROTOCOL, Hello


def utc_now() -> datetime:
    return datetime.now(UTC)


class CounterApp(App[None]):
    # Absolute, so that subclasses (tests) living elsewhere find it too.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    # Clerks work with the function keys; a command palette would only be in the way.
    ENABLE_COMMAND_PALETTE = False
    # The demo shows the counter in a pane 73 columns by 17 lines: app.tcss lays it out
    # tighter below these. (No ClassVar: Textual declares these `ClassVar[...] | None`, which
    # type checkers read as instance variables.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]  # noqa: RUF012

    model: var[CounterModel] = var(CounterModel(""), init=False)

    def __init__(
        self,
        url: str,
        token: str,
        counter: str,
        lang: str = "lv",
        clock: Callable[[], datetime] = utc_now,
        **link_options: Any,
    ) -> None:
        super().__init__()
        self.words = Words(Catalog("counter"), lang)
        self.clock = clock
        self.set_reactive(CounterApp.model, CounterModel(counter))
        hello = Hello(protocol=PROTOCOL, role="counter", token=token, counter=counter)
        self.link = Link(self, url, hello, **link_options)
        self.asks: asyncio.Queue[Ask] = asyncio.Queue()
        self.bookings_screen = BookingsScreen.labelled(self.words)
        self.title = self.words.t("app.title", counter=counter)

    def get_default_screen(self) -> Screen[None]:
        screen = CounterScreen.labelled(self.words)(self.words, self.clock)
        return screen.data_bind(CounterApp.model)

    def on_mount(self) -> None:
        self.link.start()
        self.run_worker(self.send_asks(), name="asks", group="asks")

    # ---- from the server -----------------------------------------------------------------

    def on_link_welcome(self, message: Link.Welcome) -> None:
        self.model = self.model.welcomed(message.snapshot)

    def on_link_event(self, message: Link.Event) -> None:
        self.model = self.model.pushed(message.frame)

    def on_link_state(self, message: Link.State) -> None:
        self.model = self.model.linked(message.state)

    def on_link_refused(self, message: Link.Refused) -> None:
        self.model = self.model.refused(message.message)

    # ---- from the clerk ------------------------------------------------------------------

    def on_asked(self, message: Asked) -> None:
        self.asks.put_nowait(message.ask)

    def on_counter_screen_bookings_wanted(self, message: CounterScreen.BookingsWanted) -> None:
        # Pushed from here so that it binds to the app's model, whoever asked for it; once,
        # however often the key was pressed before it showed.
        if not isinstance(self.screen, BookingsScreen):
            self.push_screen(self.bookings_screen(self.words).data_bind(CounterApp.model))

    def on_sign_in_form_submitted(self, message: SignInForm.Submitted) -> None:
        self.asks.put_nowait(message.ask)

    async def send_asks(self) -> None:
        """One request at a time, in the order asked: each is built from the model as the
        answers before it left it, so a key pressed twice acts once."""
        while True:
            ask = await self.asks.get()
            self.model, request = self.model.ask(ask, self.link.new_id())
            if request is None:
                continue
            try:
                reply = await self.link.request(request)
            except RequestError as e:
                self.model = self.model.failed(request, e.code, e.message)
            except RequestTimeout:
                self.model = self.model.timed_out(request)
            else:
                self.model = self.model.replied(request, reply)

    @property
    def refusal(self) -> str:
        """Why the server refused this counter, for the terminal after the app ends."""
        refusal = self.model.refusal
        return self.words.t("app.refused", message=refusal) if refusal else ""


def main(args: argparse.Namespace) -> int:
    if not args.token:
        print(
            "rinda counter: give this counter's device token with --token or $RINDA_TOKEN\n"
            "(an administrator prints one with `rinda token add --role counter --device ID`)",
            file=sys.stderr,
        )
        return 2
    app = CounterApp(args.url, args.token, args.counter, lang=args.lang)
    run(app)
    if app.refusal:
        print(app.refusal, file=sys.stderr)
        return 1
    return 0
