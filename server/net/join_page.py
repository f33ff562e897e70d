"""The public page for joining today's queue from home, for a QR poster at the door
(docs/remote-queue.md). Served only with `[remote] enabled` and `page`; otherwise every
path under /join is a 404 page that says so.

    GET  /join            HTML, LV/RU/EN (Accept-Language, `?lang=`): the services one may
                          join from home, each with its expected wait (the owner's current
                          estimate) or why not now; a phone/e-mail field only when
                          `[remote] notify_url` is set
    POST /join            form-encoded: service, optional contact, `once` (the page's own
                          random id: a form sent twice answers the same ticket) -> 303 to the
                          ticket's phone page /t/<token>; a refusal is a 4xx page in the
                          visitor's language, and changes nothing
    GET  /join/page.css   the page's style

Plain HTML, no script. Every join goes through the RemoteDesk (server/net/remote_desk.py)
like the booking API's, as device "join"; one address may take `[remote]
per_address_per_hour` tickets an hour (server/net/join_limit.py).
"""

from __future__ import annotations

import html
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus

import msgspec

from server.net.booking_page import SECURITY
from server.net.forms import form_fields
from server.net.http_body import HttpRequest, HttpResponse
from server.net.join_limit import JoinLimit, client_address
from server.net.page_files import page_file, page_texts
from server.net.remote_desk import Joined, RemoteDesk
from server.net.status_page import language_links, pick_lang
from server.protocol.messages import PERSONAL_CHARS
from server.protocol.replies import Error
from server.protocol.waits import wait_words

ASSETS = "server.join_page_assets"
DEVICE = "join"
HTML = "text/html; charset=utf-8"
FIELDS = ("service", "contact", "once")
REASON_CHARS = 100
_ONCE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
# The status of each refusal the page words (its text: "error.<code>").
REFUSED = {
    "bad_form": HTTPStatus.BAD_REQUEST,
    "contact": HTTPStatus.BAD_REQUEST,
    "unknown_service": HTTPStatus.NOT_FOUND,
    "remote_off": HTTPStatus.FORBIDDEN,
    "service_closed": HTTPStatus.CONFLICT,
    "remote_full": HTTPStatus.CONFLICT,
    "rate_limited": HTTPStatus.TOO_MANY_REQUESTS,
    "failed": HTTPStatus.SERVICE_UNAVAILABLE,
}
# The desk's error codes as the page's refusals (any other: "failed").
_WORDED = {"invalid_field": "contact", **{code: code for code in REFUSED}}
_answers = msgspec.json.Decoder(Joined | Error)


def stop_reason(text: str) -> str:
    """A manager's reason for stopping a service, as the page shows it: one line, at most
    REASON_CHARS (the wire bounds it already; a page never trusts that)."""
    line = " ".join(text.split())
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "…"


def _page(status: HTTPStatus, body: str, *extra: tuple[str, str]) -> HttpResponse:
    return HttpResponse(status, body.encode(), HTML, (*SECURITY, *extra))


class JoinPage:
    def __init__(self, desk: RemoteDesk, clock: Callable[[], datetime]) -> None:
        self.desk = desk
        self.clock = clock
        self.limit = JoinLimit(desk.config.remote.per_address_per_hour)

    @property
    def open(self) -> bool:
        r = self.desk.config.remote
        return r.enabled and r.page

    def respond(self, path: str, query: str, accept_language: str | None) -> HttpResponse:
        """GET (or HEAD) of /join and anything under it."""
        if path == "/join/page.css":
            # Also while off: the page saying so is styled too.
            return HttpResponse(HTTPStatus.OK, page_file(ASSETS, "page.css"), "text/css", SECURITY)
        lang = pick_lang(query, accept_language)
        if not self.open:
            return _page(HTTPStatus.NOT_FOUND, self._message(lang, "off", back=False))
        if path != "/join":
            return _page(HTTPStatus.NOT_FOUND, self._message(lang, "not_found"))
        return _page(HTTPStatus.OK, self.page(lang))

    async def post(self, request: HttpRequest) -> HttpResponse:
        """POST /join: a ticket, then its phone page; or a page saying why not."""
        lang = pick_lang(request.query, request.headers.get("accept-language"))
        if not self.open or request.path != "/join":
            return _page(HTTPStatus.NOT_FOUND, self._message(lang, "off", back=False))
        form = form_fields(request, FIELDS)
        if form is None:
            return self._refused(lang, "bad_form")
        service = form.get("service", "")
        if service not in self.desk.config.services:
            return self._refused(lang, "unknown_service")
        address = client_address(request)
        once = form.get("once", "")
        # Per service too: a visitor who goes back and picks another one means another.
        request_id = f"{once}:{service}" if _ONCE.match(once) else None
        if self.limit.full(address, time.monotonic(), request_id):
            return self._refused(lang, "rate_limited")
        contact = form.get("contact", "")
        with self.limit.joining(address, request_id):
            answer = await self.desk.join(DEVICE, request_id, service, lang, contact)
            reply = _answers.decode(answer)
            if isinstance(reply, Error):
                return self._refused(lang, _WORDED.get(reply.code, "failed"))
            self.limit.note(address, reply.ticket.number, time.monotonic(), request_id)
        token = reply.ticket.status_url.rsplit("/", 1)[-1]
        return _page(HTTPStatus.SEE_OTHER, "", ("Location", f"/t/{token}?lang={lang}"))

    def body_refused(self, request: HttpRequest, status: HTTPStatus) -> HttpResponse:
        """The answer to a form refused before its body was read (411, 413; server/net/
        http_body.py): the same status, as a page in the visitor's language."""
        lang = pick_lang(request.query, request.headers.get("accept-language"))
        if not self.open:
            return _page(HTTPStatus.NOT_FOUND, self._message(lang, "off", back=False))
        too_big = status is HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        key = "error.too_large" if too_big else "error.bad_form"
        return _page(status, self._message(lang, key))

    def _refused(self, lang: str, why: str) -> HttpResponse:
        return _page(REFUSED[why], self._message(lang, f"error.{why}"))

    def _head(self, lang: str) -> str:
        texts = page_texts(ASSETS)[lang]
        name = html.escape(self.desk.config.name.get(lang))
        return (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{html.escape(texts['title'])} · {name}</title>"
            '<link rel="stylesheet" href="/join/page.css"></head><body>'
            f"<header><h1>{name}</h1><nav>{language_links(lang)}</nav></header>"
        )

    def _message(self, lang: str, key: str, back: bool = True) -> str:
        texts = page_texts(ASSETS)[lang]
        words = texts[key].format(n=self.desk.config.remote.per_address_per_hour)
        link = f'<p><a href="/join?lang={lang}">{html.escape(texts["back"])}</a></p>'
        return (
            f'{self._head(lang)}<main class="ended"><p id="error" role="alert">'
            f"{html.escape(words)}</p>{link if back else ''}</main></body></html>"
        )

    def page(self, lang: str) -> str:
        texts = page_texts(ASSETS)[lang]
        esc = html.escape
        config = self.desk.config
        items = []
        joinable = 0
        for s, why in self.desk.offered(self.clock()):
            name = esc(s.name.get(lang))
            if why is None:
                joinable += 1
                wait = wait_words(
                    self.desk.wait_of(s.id), lambda kind, **v: texts[f"wait.{kind}"].format(**v)
                )
                items.append(
                    f'<li><button name="service" value="{esc(s.id)}">'
                    f'<span class="name">{name}</span><span class="wait">{esc(wait)}</span>'
                    "</button></li>"
                )
            else:
                why_text = texts.get(f"why.{why}", texts["why.service_closed"])
                said = stop_reason(self.desk.centre.state.stopped.get(s.id, ""))
                if why == "service_closed" and said:
                    # The manager's own words, as the kiosk shows them (as written).
                    why_text = f"{why_text} · {said}"
                items.append(
                    f'<li class="off"><span class="name">{name}</span>'
                    f'<span class="wait">{esc(why_text)}</span></li>'
                )
        contact = ""
        if config.remote.notify_url and joinable:
            contact = (
                f'<label for="contact">{esc(texts["contact"])}</label>'
                f'<input id="contact" name="contact" type="text" maxlength="{PERSONAL_CHARS}" '
                'autocomplete="tel">'
                f'<p class="note">{esc(texts["contact_note"])}</p>'
            )
        none = "" if joinable else f'<p id="none" role="status">{esc(texts["none"])}</p>'
        how = texts["how"].format(n=config.remote.grace_min)
        once = secrets.token_urlsafe(12)
        return (
            f"{self._head(lang)}<main><h2>{esc(texts['heading'])}</h2>"
            f"<p>{esc(texts['intro'])}</p>{none}"
            f'<form method="post" action="/join?lang={lang}">'
            f'<input type="hidden" name="once" value="{once}">{contact}'
            f'<ul class="services">{"".join(items)}</ul></form>'
            f'<p class="note">{esc(how)}</p></main></body></html>'
        )
