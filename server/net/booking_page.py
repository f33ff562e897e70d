"""The visitor's booking page: the link a booking's visitor gets (BookingView.link).

    GET  /a/<secret>          HTML: local time, service, code, a QR of the code, "add to
                              calendar", a cancel button; LV/RU/EN like the phone page
                              (Accept-Language, `?lang=`). Unknown secret: a 404 page.
    GET  /a/<secret>.ics      the booking as an iCalendar event (UTC times)
    POST /a/<secret>/cancel   the cancel form (plain HTML, no script): cancels, then 303 back
    GET  /a/page.css          the page's style

The secret is unguessable (128 bits) and the page sends no Referer, so the link is the
visitor's credential; the page shows no name or contact. Cancelling goes through the
BookingDesk like every other way in, as device "visitor".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus

from server.config import BookingRules, CentreConfig
from server.core.model import Booking
from server.net import frames
from server.net.booking_files import calendar, qr_svg
from server.net.bookings import BookingDesk
from server.net.http_body import HttpRequest, HttpResponse
from server.net.page_files import page_file, page_texts
from server.net.status_page import language_links, pick_lang

ASSETS = "server.booking_page_assets"
VISITOR = "visitor"
_PAGE = re.compile(r"^/a/([A-Za-z0-9_-]{8,64})(\.ics|/cancel)?$")
SECURITY = (
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'",
    ),
)
HTML = "text/html; charset=utf-8"
# Booking states that may still be cancelled (the core refuses the others).
CANCELLABLE = ("booked", "late")


def _response(
    status: HTTPStatus, body: bytes, content_type: str, *extra: tuple[str, str]
) -> HttpResponse:
    return HttpResponse(status, body, content_type, (*SECURITY, *extra))


class BookingPages:
    def __init__(self, desk: BookingDesk, clock: Callable[[], datetime]) -> None:
        self.desk = desk
        self.clock = clock

    @property
    def config(self) -> CentreConfig:
        return self.desk.config

    def respond(self, path: str, query: str, accept_language: str | None) -> HttpResponse:
        """GET (or HEAD) of anything under /a/."""
        if path == "/a/page.css":
            return _response(HTTPStatus.OK, page_file(ASSETS, "page.css"), "text/css")
        lang = pick_lang(query, accept_language)
        m = _PAGE.match(path)
        b = self.desk.by_secret(m.group(1)) if m and m.group(2) != "/cancel" else None
        if b is None:
            return _response(HTTPStatus.NOT_FOUND, self.page(None, lang).encode(), HTML)
        if m and m.group(2) == ".ics":
            return self._ics(b, lang)
        # Cancelling cannot be undone: the button asks first, on a page of its own.
        confirming = re.search(r"(?:^|&)confirm=cancel(?:&|$)", query) is not None
        return _response(HTTPStatus.OK, self.page(b, lang, confirming).encode(), HTML)

    async def cancel(self, request: HttpRequest) -> HttpResponse:
        """POST /a/<secret>/cancel: cancel, then show the page again (which says so)."""
        lang = pick_lang(request.query, request.headers.get("accept-language"))
        m = _PAGE.match(request.path)
        b = self.desk.by_secret(m.group(1)) if m and m.group(2) == "/cancel" else None
        if b is None:
            return _response(HTTPStatus.NOT_FOUND, self.page(None, lang).encode(), HTML)
        # A refusal (checked in meanwhile, lapsed) needs no words of its own: the page it
        # leads back to shows the booking's state as it is.
        await self.desk.cancel(VISITOR, None, b.code)
        back = f"/a/{b.secret}?lang={lang}"
        return _response(HTTPStatus.SEE_OTHER, b"", HTML, ("Location", back))

    def _ics(self, b: Booking, lang: str) -> HttpResponse:
        s = self.config.services[b.service]
        body = calendar(
            uid=f"{b.id}@rinda",
            start=b.start,
            minutes=(s.booking or BookingRules()).slot_min,
            summary=s.name.get(lang),
            location=self.config.name.get(lang),
            description=f"{page_texts(ASSETS)[lang]['code']}: {b.code}",
            now=self.clock(),
        )
        disposition = ("Content-Disposition", f'attachment; filename="booking-{b.code}.ics"')
        return _response(HTTPStatus.OK, body, "text/calendar; charset=utf-8", disposition)

    def page(self, b: Booking | None, lang: str, confirming: bool = False) -> str:
        texts = page_texts(ASSETS)[lang]
        esc = html.escape
        switch = language_links(lang)
        head = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{esc(texts['title'])}</title>"
            '<link rel="stylesheet" href="/a/page.css"></head><body>'
            f"<header><h1>{esc(self.config.name.get(lang))}</h1><nav>{switch}</nav></header>"
        )
        if b is None:
            return f"{head}<main><p>{esc(texts['not_found'])}</p></main></body></html>"
        state = frames.state_of(self.desk.centre, b, self.clock())
        local = b.start.astimezone(self.config.tz)
        service = self.config.services[b.service].name.get(lang)
        live = state in CANCELLABLE
        actions = ""
        if live and confirming:
            actions = (
                f'<div class="actions confirm"><p>{esc(texts["confirm"])}</p>'
                f'<form method="post" action="/a/{b.secret}/cancel?lang={lang}">'
                f'<button type="submit">{esc(texts["yes_cancel"])}</button></form>'
                f'<a href="/a/{b.secret}?lang={lang}">{esc(texts["keep"])}</a></div>'
            )
        elif live:
            actions = (
                '<div class="actions">'
                f'<a href="/a/{b.secret}.ics" download>{esc(texts["calendar"])}</a>'
                f'<a class="button" href="/a/{b.secret}?lang={lang}&amp;confirm=cancel">'
                f"{esc(texts['cancel'])}</a></div>"
            )
        qr = f'<div class="qr">{qr_svg(b.code)}</div><p>{esc(texts["show_code"])}</p>'
        return (
            f'{head}<main class="{"" if live else "ended"}">'
            f'<p class="label">{esc(texts["when"])}</p>'
            f'<p id="when"><time datetime="{frames.iso(b.start)}">{local:%d.%m.%Y %H:%M}</time></p>'
            f'<p id="service">{esc(service)}</p>'
            f'<p class="label">{esc(texts["code"])}</p><p id="code">{esc(b.code)}</p>'
            f"{qr if live else ''}"
            f'<p id="state" aria-live="polite">{esc(texts[f"state.{state}"])}</p>'
            f"{actions}</main><footer>{esc(texts['private'])}</footer></body></html>"
        )
