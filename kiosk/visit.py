"""One visitor's visit: language → service → (priority) → ticket, as a value; or, with a
booking, its code (typed on the code page or scanned anywhere) → ticket.

A visit has ONE request id: a double tap, a retry after a timeout or a re-send after a
reconnect all carry it, so the server issues at most one ticket per visit. A fresh id is
taken only after the server answered with an error (nothing was issued under the old one)
or when the visit starts over (`Visit.start()`). A booking code that changes is a new request
too: a retry re-sends the same code under the same id, never another code.

Pure: the app keeps the current visit in a reactive attribute and replaces it with the
result of these methods; the pages draw from it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from typing import Literal

from server.core.booking import CODE_LENGTH
from server.protocol.messages import Lang
from server.protocol.views import IssuedTicket, Texts

Stage = Literal["start", "services", "priority", "code", "booking", "ticket"]
"""The page: "code" is the keypad for a booking code, "booking" says why a booking cannot be
checked in now (and offers a walk-in ticket)."""
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
    code: str = ""  # the booking code typed or scanned so far
    when: str = ""  # the booking's date and time a "booking" page's message names

    @classmethod
    def start(cls) -> Visit:
        """A new visit at the language choice, in Latvian, with a fresh request id."""
        return cls()

    def chose_language(self, lang: Lang) -> Visit:
        return replace(self, stage="services", lang=lang, message="")

    def entering_code(self, lang: Lang) -> Visit:
        """To the code page, in `lang`, with nothing typed."""
        return replace(self, stage="code", lang=lang, code="", message="")

    def with_lang(self, lang: Lang) -> Visit:
        return replace(self, lang=lang)

    def typed(self, char: str) -> Visit:
        """One more character of the code (none past CODE_LENGTH)."""
        return self._edited((self.code + char)[:CODE_LENGTH])

    def erased(self) -> Visit:
        return self._edited(self.code[:-1])

    def cleared(self) -> Visit:
        return self._edited("")

    def _edited(self, code: str) -> Visit:
        if self.taking or code == self.code:
            return self
        return replace(self, code=code, message="", request_id=new_request_id())

    def checking(self, code: str) -> Visit:
        """A check_in with `code` is on its way (from the code page: scanned elsewhere, the
        app starts a new visit first)."""
        rid = self.request_id if code == self.code else new_request_id()
        return replace(
            self, stage="code", code=code, taking=True, message="code.checking", request_id=rid
        )

    def not_checked_in(self, stage: Stage, message: str, when: str = "") -> Visit:
        """The server refused the check-in: its sentence on the code page (a wrong code, to
        be fixed there) or on the booking page."""
        visit = self.refused(message)
        return replace(visit, stage=stage, when=when)

    def walk_in(self) -> Visit:
        """From a booking that cannot be checked in to the services, for a walk-in ticket."""
        return replace(self, stage="services", message="", code="", when="")

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
            code="",
        )

    def printed(self, number: str, outcome: Printing) -> Visit:
        """How printing ticket `number` went (a later visit is not told of an earlier
        ticket's printing)."""
        if self.ticket is None or self.ticket.number != number:
            return self
        return replace(self, printing=outcome)
