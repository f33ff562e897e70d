"""`POST /t/<token>`: a visitor's rating from the phone page (docs/feedback.md).

    POST /t/<token>   form-encoded: score=1..5, optional reason=<id>, optional comment=<text>
                      → rated by "phone", then 303 back to /t/<token>?lang=..

The rating goes through the owner like every other change, so it is answered only once it is
on disk; a comment rides beside the command into the same transaction, never into the log.
A refusal is a page in the visitor's language, and changes nothing; so is the 413 of a form
past the body bound (server/net/http.py `make_refusal`).

The phone page's other form, "give up my place" of a ticket joined from home
(`POST /t/<token>/cancel`), is server/net/place_form.py's.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus

from server.core import commands as c
from server.core.model import Ticket
from server.net.http_body import HttpRequest, HttpResponse
from server.net.owner import Owner, nothing
from server.net.rating_page import ERROR_STATUS, FormError, read_form
from server.net.status_page import StatusPages
from server.store.apart import CommentRow

PHONE = "phone"
TARGET = re.compile(r"^/t/([A-Za-z0-9_-]{8,64})$")


class RatingForm:
    """Answers `POST /t/<token>`: the visitor's rating, through the owner."""

    def __init__(self, pages: StatusPages, owner: Owner) -> None:
        self.pages = pages
        self.owner = owner

    async def post(self, request: HttpRequest) -> HttpResponse:
        lang, t = self.pages.form_ticket(request, TARGET)
        if t is None:
            return self.pages.html(HTTPStatus.NOT_FOUND, self.pages.page(None, lang))
        config = self.pages.centre().config
        try:
            if not config.feedback.phone:
                raise FormError("error.not_rateable")
            score, reason, comment = read_form(request, config)
        except FormError as e:
            return self._refused(t, lang, e.key)
        state = self.pages.centre().state
        cmd = c.RateVisit(ticket=t.number, counter=None, score=score, reason=reason, by=PHONE)
        rows: tuple[CommentRow, ...] = ()
        # The page sends its comment back with every tap (one form): only a new one is saved.
        if comment is not None and comment != self.pages.comment_of(t) and state.day is not None:
            rows = ((state.day.isoformat(), t.number, comment),)
        # No request id: a form sent twice rates twice, and the same answer is no change.
        answer = await self.owner.submit(cmd, f"{PHONE}:{t.number}", None, nothing, comments=rows)
        reply = json.loads(answer)
        if reply.get("type") == "error":
            key = f"error.{reply.get('code')}"
            if key == "error.not_rateable" and t.status in ("no_show", "cancelled"):
                key = "error.no_visit"  # not "rate it once it has ended": it never will be
            return self._refused(t, lang, key if key in ERROR_STATUS else "error.failed")
        if comment is not None and rows:
            self.pages.comment_saved(t, comment)
        return self.pages.back_to(t, lang, "&saved=comment" if rows else "")

    def too_large(self, request: HttpRequest) -> HttpResponse:
        """The answer to a form past the body bound (read no further than its head)."""
        lang, t = self.pages.form_ticket(request, TARGET)
        if t is None:
            return self.pages.html(HTTPStatus.NOT_FOUND, self.pages.page(None, lang))
        return self._refused(t, lang, "error.too_large")

    def _refused(self, t: Ticket, lang: str, key: str) -> HttpResponse:
        return self.pages.html(ERROR_STATUS[key], self.pages.refusal_page(t, lang, key))
