"""The clerk's counter app: sign in, then call, serve and hand on visitors.

One `Link` to the server. Every welcome snapshot rebuilds the `CounterModel`, so after a
reconnect or a restart the counter finds its current visitor again; events keep the model
current between snapshots, and the replies to this counter's own requests set its current
ticket. Screens only read the model and call `CounterApp.request`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, overload

from textual.app import App

from counter.model import CounterModel
from counter.screens.serving import ServingScreen
from counter.screens.sign_in import SignInScreen
from counter.widgets.notice import Notice
from server.app_run import run
from server.i18n import Catalog
from server.protocol import messages as m
from server.protocol import replies as r
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
    MODES: ClassVar[dict[str, Any]] = {"sign_in": SignInScreen, "serving": ServingScreen}

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
        self.catalog = Catalog("counter")
        self.lang = lang
        self.clock = clock
        self.model = CounterModel(counter)
        self.link_state = "connecting"
        self.refusal = ""
        hello = Hello(protocol=PROTOCOL, role="counter", token=token, counter=counter)
        self.link = Link(self, url, hello, **link_options)
        self.title = self.t("app.title", counter=counter)

    def t(self, key: str, **values: Any) -> str:
        return self.catalog.t(self.lang, key, **values)

    def on_mount(self) -> None:
        self.switch_mode("sign_in")
        self.link.start()

    # ---- from the server -----------------------------------------------------------------

    def on_link_welcome(self, message: Link.Welcome) -> None:
        self.model.load(message.snapshot)
        self.show_state()

    def on_link_event(self, message: Link.Event) -> None:
        if self.model.apply(message.frame):
            self.show_state()

    def on_link_state(self, message: Link.State) -> None:
        self.link_state = message.state
        self.redraw()

    def on_link_refused(self, message: Link.Refused) -> None:
        self.refusal = self.t("app.refused", message=message.message)
        self.redraw()

    # ---- to the screens ------------------------------------------------------------------

    def show_state(self) -> None:
        """The serving screen while a clerk is signed in here, else the sign-in screen."""
        wanted = "serving" if self.model.status != "closed" else "sign_in"
        if self.current_mode != wanted:
            self.switch_mode(wanted)
        self.redraw()

    def redraw(self) -> None:
        for screen in self.screen_stack:
            redraw = getattr(screen, "redraw", None)
            if redraw is not None:
                redraw()

    def say(self, text: str, error: bool = False) -> None:
        """One sentence for the clerk on the screen they are looking at."""
        for screen in reversed(self.screen_stack):
            notices = screen.query(Notice)
            if notices:
                notices.first().say(text, error)
                return

    @overload
    async def request(self, req: m.TicketRequest) -> r.TicketReply | None: ...
    @overload
    async def request(self, req: m.SignIn) -> r.SignedIn | None: ...
    @overload
    async def request(self, req: m.PlainRequest) -> r.Ok | None: ...
    async def request(self, req: m.AnyRequest) -> r.Ok | None:
        """Send a request; on refusal say why (one sentence) and return None."""
        try:
            return await self.link.request(req)
        except RequestError as e:
            current = self.model.current
            if (
                e.code == "not_your_ticket"
                and current
                and getattr(req, "ticket", None) == current.number
            ):
                # Our idea of the current visitor is stale: the server says it is not ours.
                self.model.current = None
                self.redraw()
            self.say(self.error_text(e.code, e.message), error=True)
        except RequestTimeout:
            self.say(self.t("errors.timeout"), error=True)
        return None

    def error_text(self, code: str, message: str) -> str:
        if f"errors.{code}" in self.catalog.texts["lv"]:
            return self.t(f"errors.{code}")
        return self.t("errors.other", message=message)

    def service_name(self, sid: str) -> str:
        line = self.model.services.get(sid)
        return line.name.get(self.lang, sid) if line else sid

    def priority_name(self, pid: str | None) -> str:
        if pid is None:
            return self.t("serving.no_priority")
        return self.model.priorities.get(pid, {}).get(self.lang, pid)


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
