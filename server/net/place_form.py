"""`POST /t/<token>/cancel`: a visitor who joined from home gives up the place (the "Give up
my place" button of the ticket's phone page, server/net/remote_page.py).

Plain HTML forms, no script: the button asks first, on a page of its own ("Really give up
your place?"), whose "Yes" sends the form again with `sure=1`; then the ticket is cancelled
by "visitor" through the owner like every other change, and the page shows it cancelled.
Only a remote ticket still waiting may be given up this way (a walk-in's ticket is in the
visitor's hand at the centre); a refusal is a page in the visitor's language and changes
nothing.
"""

from __future__ import annotations

import html
import json
import re
from http import HTTPStatus

from server.core import commands as c
from server.core.model import Ticket
from server.net.forms import form_fields
from server.net.http_body import HttpRequest, HttpResponse
from server.net.owner import Owner, nothing
from server.net.status_page import StatusPages, texts_of

VISITOR = "visitor"
TARGET = re.compile(r"^/t/([A-Za-z0-9_-]{8,64})/cancel$")
# The form's one field: "1" once the visitor answered "Yes" (the body is bounded by http_body).
FIELDS = ("sure",)


class PlaceForm:
    def __init__(self, pages: StatusPages, owner: Owner) -> None:
        self.pages = pages
        self.owner = owner

    async def post(self, request: HttpRequest) -> HttpResponse:
        lang, t = self.pages.form_ticket(request, TARGET)
        if t is None or not t.remote:
            return self.pages.html(HTTPStatus.NOT_FOUND, self.pages.page(None, lang))
        if t.status != "waiting":
            return self._refused(t, lang)
        form = form_fields(request, FIELDS)
        if form is None or form.get("sure") != "1":
            return self.pages.html(HTTPStatus.OK, self._question(t, lang))
        cmd = c.Cancel(ticket=t.number, by=VISITOR)
        answer = await self.owner.submit(cmd, f"{VISITOR}:{t.number}", None, nothing)
        if json.loads(answer).get("type") == "error":
            return self._refused(t, lang)
        return self.pages.back_to(t, lang)

    def _refused(self, t: Ticket, lang: str) -> HttpResponse:
        page = self.pages.refusal_page(t, lang, "remote.not_cancellable")
        return self.pages.html(HTTPStatus.CONFLICT, page)

    def _question(self, t: Ticket, lang: str) -> str:
        yes = html.escape(texts_of(lang)["remote.give_up_yes"])
        form = (
            f'<form method="post" action="/t/{t.token}/cancel?lang={lang}">'
            f'<input type="hidden" name="sure" value="1"><button class="give-up">{yes}</button>'
            "</form>"
        )
        return self.pages.refusal_page(t, lang, "remote.give_up_sure", form)
