"""The one message that carries what the clerk asked for (`counter.asks`) from a screen or
widget to the app, which sends the requests in order (`CounterApp.send_asks`)."""

from __future__ import annotations

from textual.message import Message

from counter.asks import Ask


class Asked(Message):
    def __init__(self, ask: Ask) -> None:
        super().__init__()
        self.ask = ask
