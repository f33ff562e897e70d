"""One visitor's visit: language → service → (priority) → ticket, as a value.

A visit has ONE request id: a double tap, a retry after a timeout or a re-send after a
reconnect all carry it, so the server issues at most one ticket per visit. A fresh id is
taken only after the server answered with an error (nothing was issued under the old one)
or when the visit starts over (`Visit.start()`).

Pure: the app keeps the current visit in a reactive attribute and replaces it with the
result of these methods; the pages draw from it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from typing import Literal

from server.protocol.messages import Lang
from server.protocol.views import IssuedTicket, Texts

Stage = Literal["start", "services", "priority", "ticket"]
Printing = Literal["printing", "printed", "fault"]


def new_request_id() -> str:
    return f"kiosk-{secrets.token_hex(8)}"


@dataclass(frozen=True)
class Visit:
    stage: Stage = "start"
    lang: Lang = "lv"
    service: str | None = None
    request_id: str = field(default_factory=new_request_id)
    taking: bool = False  # a take_ticket of this visit is on its way
    message: str = ""  # a catalog key said above the buttons ("" for none)
    ticket: IssuedTicket | None = None
    service_name: Texts | None = None  # the ticket's service, as the config names it
    printing: Printing = "printing"  # how printing the ticket went

    @classmethod
    def start(cls) -> Visit:
        """A new visit at the language choice, in Latvian, with a fresh request id."""
        return cls()

    def chose_language(self, lang: Lang) -> Visit:
        return replace(self, stage="services", lang=lang, message="")

    def chose_service(self, service: str, ask_priority: bool) -> Visit:
        stage: Stage = "priority" if ask_priority else self.stage
        return replace(self, stage=stage, service=service, message="")

    def back_to_services(self) -> Visit:
        return replace(self, stage="services", message="")

    def taking_ticket(self) -> Visit:
        return replace(self, taking=True, message="services.taking")

    def refused(self, message: str) -> Visit:
        """The server answered with an error: nothing was issued, so the next try is a new
        request."""
        return replace(self, taking=False, message=message, request_id=new_request_id())

    def unanswered(self, message: str) -> Visit:
        """No answer: the ticket may exist, so a retry keeps the same id."""
        return replace(self, taking=False, message=message)

    def issued(self, ticket: IssuedTicket, service_name: Texts) -> Visit:
        return replace(
            self,
            stage="ticket",
            taking=False,
            message="",
            ticket=ticket,
            service_name=service_name,
            printing="printing",
        )

    def printed(self, number: str, outcome: Printing) -> Visit:
        """How printing ticket `number` went (a later visit is not told of an earlier
        ticket's printing)."""
        if self.ticket is None or self.ticket.number != number:
            return self
        return replace(self, printing=outcome)
