"""Sign-in: clerk id and PIN (masked). Also what the counter shows while it connects, and
after sign-out or the automatic sign-out at closing time."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from counter.widgets.notice import Notice
from counter.widgets.top_bar import TopBar
from server.protocol.messages import SignIn

if TYPE_CHECKING:
    from counter.app import CounterApp


class SignInScreen(Screen[None]):
    @property
    def cat_app(self) -> CounterApp:
        return cast("CounterApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.cat_app
        yield TopBar(id="top")
        with Vertical(classes="dialog", id="sign-in"):
            title = Content(app.t("sign_in.title", counter=app.model.counter))
            yield Label(title, classes="dialog-title")
            yield Input(placeholder=app.t("sign_in.clerk"), max_length=32, id="clerk")
            yield Input(placeholder=app.t("sign_in.pin"), password=True, max_length=64, id="pin")
            yield Button(app.t("sign_in.submit"), id="submit", variant="primary")
            yield Notice(app.t("sign_in.hint"), id="notice")

    def on_mount(self) -> None:
        self.query_one("#clerk", Input).focus()
        self.redraw()

    def on_screen_resume(self) -> None:
        # Back after a sign-out: the next clerk starts with their id.
        self.query_one("#clerk", Input).focus()
        self.redraw()

    def redraw(self) -> None:
        for bar in self.query(TopBar):
            bar.redraw()
        if self.cat_app.refusal:
            for notice in self.query(Notice):
                notice.say(self.cat_app.refusal, error=True)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "clerk":
            self.query_one("#pin", Input).focus()
        else:
            await self.sign_in()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.sign_in()

    async def sign_in(self) -> None:
        app = self.cat_app
        clerk = self.query_one("#clerk", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        if not clerk or not pin_input.value:
            self.query_one(Notice).say(app.t("sign_in.empty"), error=True)
            return
        reply = await app.request(SignIn(id=app.link.new_id(), clerk=clerk, pin=pin_input.value))
        pin_input.value = ""  # never left on screen, right or wrong
        if reply is None:
            pin_input.focus()
            return
        app.model.status, app.model.clerk = "open", reply.clerk.id
        app.model.clerk_name = reply.clerk.name
        self.query_one("#clerk", Input).value = ""
        self.query_one(Notice).say(app.t("sign_in.hint"))
        app.show_state()
