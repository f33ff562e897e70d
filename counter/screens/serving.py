"""The screen a clerk works in all day: the current visitor, the actions (function keys in
the footer, buttons for the mouse), the queue panel and one line saying what happened."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer

from counter.screens.call_number import CallNumberScreen
from counter.screens.pause import PauseScreen
from counter.screens.transfer import TransferChoice, TransferScreen
from counter.widgets.action_bar import ActionBar
from counter.widgets.current_ticket import CurrentTicket
from counter.widgets.notice import Notice
from counter.widgets.queue_panel import QueuePanel
from counter.widgets.top_bar import TopBar
from server.protocol import messages as m

if TYPE_CHECKING:
    from counter.app import CounterApp

# action -> catalog key of its label (the BINDINGS below give the keys).
LABELS = {
    "call_next": "keys.call_next",
    "recall": "keys.recall",
    "start": "keys.start",
    "finish": "keys.finish",
    "no_show": "keys.no_show",
    "transfer": "keys.transfer",
    "call_number": "keys.call_number",
    "pause": "keys.pause",
    "resume": "keys.resume",
    "sign_out": "keys.sign_out",
}


class ServingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "call_next", "Call next"),
        Binding("f3", "recall", "Recall"),
        Binding("f4", "start", "Start"),
        Binding("f5", "finish", "Finish"),
        Binding("f6", "no_show", "No-show"),
        Binding("f7", "transfer", "Transfer"),
        Binding("f8", "call_number", "Call number"),
        Binding("f9", "pause", "Pause"),
        Binding("f10", "resume", "Resume"),
        Binding("f12", "sign_out", "Sign out"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # The footer shows the bindings in the screen's language.
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=self.cat_app.t(LABELS[b.action]))
                if b.action in LABELS
                else b
                for b in bindings
            ]

    @property
    def cat_app(self) -> CounterApp:
        return cast("CounterApp", self.app)

    def compose(self) -> ComposeResult:
        actions = [
            (b.key, b.action, b.description)
            for bindings in self._bindings.key_to_bindings.values()
            for b in bindings
            if b.action in LABELS
        ]
        yield TopBar(id="top")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield CurrentTicket(id="ticket")
                yield Notice(id="notice")
                yield ActionBar(actions, id="actions")
            yield QueuePanel(id="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.redraw()

    def on_screen_resume(self) -> None:
        # Back from a modal or from the other mode: the model may have moved on meanwhile.
        self.redraw()

    def redraw(self) -> None:
        # Queries, not query_one: while the screen is being built or torn down (a mode
        # switch, the app closing) its widgets may not all be there.
        for top in self.query(TopBar):
            top.redraw()
        for ticket in self.query(CurrentTicket):
            ticket.redraw()
        for panel in self.query(QueuePanel):
            panel.redraw()
        for bar in self.query(ActionBar):
            bar.enable({a: self.allowed(a) for a in LABELS})
        self.refresh_bindings()

    def allowed(self, action: str) -> bool:
        m = self.cat_app.model
        t = m.current
        if action in ("call_next", "call_number", "pause"):
            return m.status == "open" and t is None
        if action in ("recall", "start", "no_show"):
            return t is not None and t.status == "called"
        if action in ("finish", "transfer"):
            return t is not None
        if action == "resume":
            return m.status == "paused"
        return t is None  # sign_out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None shows the key greyed out in the footer rather than hiding it.
        return True if action not in LABELS or self.allowed(action) else None

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in LABELS and self.allowed(event.button.id):
            await self.run_action(event.button.id)

    # ---- actions -------------------------------------------------------------------------

    async def _ticket_action(
        self, kind: type[m.Recall | m.StartServing | m.Finish | m.NoShow], notice: str, keep: bool
    ) -> None:
        app = self.cat_app
        number = app.model.current.number if app.model.current else None
        if number is None:
            return
        reply = await app.request(kind(id=app.link.new_id(), ticket=number))
        if reply is not None:
            app.model.current = reply.ticket if keep else None
            app.say(app.t(notice, number=number))
        app.redraw()

    async def action_call_next(self) -> None:
        app = self.cat_app
        reply = await app.request(m.CallNext(id=app.link.new_id()))
        if reply is not None:
            app.model.current = reply.ticket
            if reply.ticket is None:
                app.say(app.t("notice.nobody"), error=True)
            else:
                app.say(app.t("notice.called", number=reply.ticket.number))
        app.redraw()

    async def action_recall(self) -> None:
        await self._ticket_action(m.Recall, "notice.recalled", keep=True)

    async def action_start(self) -> None:
        await self._ticket_action(m.StartServing, "notice.started", keep=True)

    async def action_finish(self) -> None:
        await self._ticket_action(m.Finish, "notice.finished", keep=False)

    async def action_no_show(self) -> None:
        await self._ticket_action(m.NoShow, "notice.no_show", keep=False)

    def action_transfer(self) -> None:
        app = self.cat_app
        if app.model.current is not None:
            number = app.model.current.number
            app.push_screen(TransferScreen(number), self._transfer)

    async def _transfer(self, choice: TransferChoice | None) -> None:
        app = self.cat_app
        if choice is None or app.model.current is None:
            return
        number = app.model.current.number
        transfer = m.Transfer(
            id=app.link.new_id(),
            ticket=number,
            service=choice.service,
            keep_arrival=choice.keep_arrival,
            note=choice.note,
        )
        reply = await app.request(transfer)
        if reply is not None:
            app.model.current = None
            service = app.service_name(choice.service)
            app.say(app.t("notice.transferred", number=number, service=service))
        app.redraw()

    def action_call_number(self) -> None:
        self.cat_app.push_screen(CallNumberScreen(), self._call_number)

    async def _call_number(self, number: str | None) -> None:
        app = self.cat_app
        if not number:
            return
        reply = await app.request(m.CallTicket(id=app.link.new_id(), ticket=number))
        if reply is not None:
            app.model.current = reply.ticket
            app.say(app.t("notice.called", number=number))
        app.redraw()

    def action_pause(self) -> None:
        self.cat_app.push_screen(PauseScreen(), self._pause)

    async def _pause(self, reason: str | None) -> None:
        app = self.cat_app
        if reason is None:
            return
        if await app.request(m.Pause(id=app.link.new_id(), reason=reason)) is not None:
            app.model.status, app.model.reason = "paused", reason
            app.say(app.t("notice.paused"))
        app.redraw()

    async def action_resume(self) -> None:
        app = self.cat_app
        if await app.request(m.Resume(id=app.link.new_id())) is not None:
            app.model.status, app.model.reason = "open", ""
            app.say(app.t("notice.resumed"))
        app.redraw()

    async def action_sign_out(self) -> None:
        app = self.cat_app
        if await app.request(m.SignOut(id=app.link.new_id())) is not None:
            app.model.status, app.model.clerk = "closed", None
            app.show_state()
