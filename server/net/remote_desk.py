"""The remote desk: one door for joining today's queue from home (docs/remote-queue.md), used
by both ways in: the booking API's `POST /api/v1/queue` (a municipality's website, by its
booking device) and the public page `/join` (a QR poster at the door).

It adds what the core must not have (the ticket's link token and its check-in code, random)
and sends `JoinQueue` through the owner, so a ticket is answered only after its commit; the
core decides whether the service takes remote tickets now (server/core/remote.py).

A phone number or e-mail, when the visitor gives one (only when `[remote] notify_url` is set:
nothing else would use it), is personal data: it never enters the event, the reply or a log
line; it rides beside the command into the `personal` table under "t:" + the ticket's link
token, with the local day, and is purged with bookings' (server/store/personal.py).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from server.config import CentreConfig, Service
from server.core import booking as bk
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core import remote
from server.core.centre import Centre
from server.net import frames
from server.net.bookings import new_code
from server.net.contact import read_contact
from server.net.owner import Owner
from server.net.replies import Answer
from server.net.status_page import LANGS
from server.protocol.codes import ErrorCode
from server.protocol.messages import PERSONAL_CHARS
from server.protocol.replies import Ok, encode, error_frame
from server.protocol.views import IssuedTicket
from server.store.apart import PersonalRow
from server.store.notified import ticket_key


class Joined(Ok, kw_only=True, frozen=True):
    """The answer to a join (to the API and the /join page, never on the websocket): the
    ticket as a kiosk's new one, with its phone link, and the code it checks in with."""

    ticket: IssuedTicket
    code: str


class ContactError(ValueError):
    """A contact the desk does not take; the message says why, in English (the API's words;
    the /join page says it in the visitor's language)."""


def contact_of(text: str, notify_url: str) -> str:
    """The contact as stored ("" for none), in the one form server/net/contact.py makes of
    it. ContactError if it is no phone number that takes SMS nor an e-mail address, or if
    nothing would use it."""
    if not text.strip():
        return ""
    if not notify_url:
        raise ContactError("This centre sends no messages: leave the contact out.")
    # Both ways in take as much as the API's `Personal` field: the form sent by hand too.
    if len(text) > PERSONAL_CHARS:
        raise ContactError(f"The contact is too long: at most {PERSONAL_CHARS} characters.")
    found = read_contact(text)
    if found is None:
        raise ContactError(
            "The contact must be a mobile phone number (+371 2000 0000) or an e-mail address."
        )
    return found.address


class RemoteDesk:
    def __init__(self, config: CentreConfig, owner: Owner) -> None:
        self.config = config
        self.owner = owner

    @property
    def centre(self) -> Centre:
        # Looked up each time: the owner replaces its centre after a failed write.
        return self.owner.centre

    def refusal(self, s: Service, now: datetime) -> str | None:
        """Why `s` cannot be joined from home now, as an error code (None: it can). The
        same checks as the core's, without a command: for the page's list of services."""
        if not self.config.remote.allows(s.id):
            return "remote_off"
        if not self.centre.issuing(s.id, now):
            return "service_closed"
        try:
            remote.check_join(self.config, self.centre.state, s, now)
        except err.DomainError as e:
            return e.code
        return None

    def offered(self, now: datetime) -> list[tuple[Service, str | None]]:
        """The services offered from home, each with why it cannot be joined now (None: it
        can): what /join and the API's `GET /api/v1/queue` list."""
        listed = ((s, self.refusal(s, now)) for s in self.config.services.values())
        return [(s, why) for s, why in listed if why != "remote_off"]

    def wait_of(self, service: str) -> int:
        """The expected wait of a ticket joined now (the owner's current estimate)."""
        return self.owner.waits.new.get((service, None), 0)

    async def join(
        self, device: str, request_id: str | None, service: str, lang: str, contact: str
    ) -> Answer:
        """A remote ticket for today, or the error answer saying why not."""
        if lang not in LANGS:
            return _refused("invalid_field", "lang must be lv, ru or en.", request_id)
        try:
            kept = contact_of(contact, self.config.remote.notify_url)
        except ContactError as e:
            return _refused("invalid_field", str(e), request_id)
        # Unique among bookings' codes and today's remote tickets' (the core checks it again);
        # no copy of every booking's code for one join.
        booked = self.centre.appointments.index.by_code
        while remote.by_code(self.centre.state, code := new_code(booked)) is not None:
            pass
        cmd = c.JoinQueue(
            service=service,
            lang=lang,
            token=secrets.token_urlsafe(16),
            code=code,
            device=device,
            told_wait_s=self.wait_of(service),
        )
        personal: tuple[PersonalRow, ...] = ()
        if kept:
            day = bk.local_day(self.config, self.owner.clock()).isoformat()
            personal = ((ticket_key(cmd.token), day, "", kept),)
        return await self.owner.submit(cmd, device, request_id, self._joined, personal)

    def _joined(self, request_id: str | None, events: list[ev.AnyEvent], now: datetime) -> Joined:
        taken = next(e for e in events if isinstance(e, ev.TicketTaken))
        t = self.centre.state.tickets[taken.ticket]
        ahead = self.centre.ahead_of(t)
        issued = frames.issued_ticket(self.centre, t, ahead, taken.told_wait_s or 0)
        return Joined(re=request_id, ticket=issued, code=taken.code or "")


def _refused(code: ErrorCode, message: str, request_id: str | None) -> Answer:
    return encode(error_frame(code, message, request_id))
