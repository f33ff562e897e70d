"""The visitor's phone page: `GET /t/<token>` (the QR on the ticket) and its live data.

    GET /t/<token>         HTML: number, service, status; LV/RU/EN from Accept-Language,
                           `?lang=` from the switcher. Unknown token: a 404 page.
    GET /t/<token>.json    {"number", "service", "status", "ahead", "wait", "counter",
                            "rating", "rateable"}, and "remote" for a ticket joined from home
    GET /t/page.css|.js    the page's own style and script (no CDN, nothing external)

A ticket joined from home also shows its check-in code and QR, when to set off and whether
its turn came (server/net/remote_page.py), and a "give up my place" form (place_form.py).

Once the visit was served the page asks "How was your visit?" (server/net/rating_page.py; the
form's POST is server/net/rating_form.py); the script reloads the page when the visit is
served under the visitor's eyes, so the question appears without a tap. A no-show or a
cancelled ticket is not asked: there was no visit to rate.

Live updates are pushed over the server's websocket: the page says hello with role "phone"
and its token, and the hub sends it a `status` frame whenever what it shows changed: right
after each commit that touched the ticket (so a call is never skipped, however soon the visit
ends), and at each coalesced `queue` round for people ahead and the expected wait (the owner's
current estimate, `Waits.tickets`, as a band: server/protocol/waits.py); never the
same status twice (server/net/owner.py, hub.py). Server-Sent Events are not possible on
this port, because websockets' `process_request` answers with one whole Response. When the
websocket cannot be had (a proxy that strips upgrades, a sleeping phone), the page falls back
to polling the JSON every POLL_S seconds — one dict lookup, no database, no owner queue —
and tries the websocket again later. Without JavaScript the page reloads itself every 30 s.

The page shows only the ticket number, the service and the counter: no personal data exists to
show. The token is the secret (unguessable, 128 bits): the page sends no Referer, so it never
leaks to other sites.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from http import HTTPStatus

import msgspec
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from server.core.centre import Centre
from server.core.estimate import Waits
from server.core.feedback import rateable
from server.core.model import Ticket
from server.net.http_body import HttpRequest, HttpResponse
from server.net.page_files import page_file, page_texts
from server.net.rating_page import Comment, PageRating, PageStatus, rating_html
from server.net.remote_page import remote_html, remote_status, remote_words
from server.protocol.events import Status
from server.protocol.replies import encode
from server.protocol.views import PhoneStatus
from server.protocol.waits import band_words, wait_band

LANGS = ("lv", "ru", "en")
POLL_S = 5
ASSETS = "server.status_page_assets"
_TOKEN = re.compile(r"^/t/([A-Za-z0-9_-]{8,64})(\.json)?$")
_STATIC = {"/t/page.css": "text/css", "/t/page.js": "text/javascript"}
SECURITY = [
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
]
# Texts the script never words: not sent to it.
HTML_ONLY = ("rate.", "error.", "remote.not_here", "remote.code", "remote.how", "remote.give_up")
# Statuses after which nothing about the ticket changes but its rating.
SETTLED = ("done", "no_show", "cancelled", "expired")


def texts_of(lang: str) -> dict[str, str]:
    """The phone page's texts in one language."""
    return page_texts(ASSETS)[lang]


def language_links(lang: str, path: str = "") -> str:
    """The LV / RU / EN links of a visitor's page, the current one marked; to `path` (this
    page when empty)."""
    return " ".join(
        f'<a href="{path}?lang={code}" lang="{code}"{" aria-current=true" if code == lang else ""}>'
        f"{code.upper()}</a>"
        for code in LANGS
    )


def pick_lang(query: str, accept_language: str | None) -> str:
    """`?lang=ru` wins; then the browser's preferences in q order; then Latvian."""
    m = re.search(r"(?:^|&)lang=(lv|ru|en)(?:&|$)", query)
    if m:
        return m.group(1)
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGS and q > 0:
            ranked.append((-q, i, base))
    return min(ranked)[2] if ranked else "lv"


def _response(status: HTTPStatus, body: bytes, content_type: str) -> Response:
    headers = Headers(
        [("Content-Type", content_type), ("Content-Length", str(len(body))), *SECURITY]
    )
    return Response(status.value, status.phrase, headers, body)


class StatusPages:
    def __init__(
        self,
        centre: Callable[[], Centre],
        waits: Callable[[], Waits],
        clock: Callable[[], datetime],
    ) -> None:
        self.centre = centre
        # The owner's current estimate: a page reads it, never computes one of its own.
        self.waits = waits
        self.clock = clock
        # token -> ticket number, rebuilt when tickets were added (or a new day started).
        self._index: dict[str, str] = {}
        self._indexed: tuple[date | None, int] = (None, -1)
        # Ticket number -> the comment its visitor sent today, to show it back to them. Only
        # in memory (the store keeps it for the reports), so after a restart the page shows
        # none; forgotten when the day changes.
        self._comments: dict[str, str] = {}
        self._comments_day: date | None = None

    def find(self, token: str) -> Ticket | None:
        state = self.centre().state
        # Tickets are only ever added within a day, so (day, count) says whether the index
        # is current; a flood of wrong tokens never rebuilds it.
        key = (state.day, len(state.tickets))
        if key != self._indexed:
            self._index = {t.token: t.number for t in state.tickets.values()}
            self._indexed = key
        number = self._index.get(token)
        t = state.tickets.get(number) if number is not None else None
        return t if t is not None and t.token == token else None

    def comment_of(self, t: Ticket) -> str | None:
        """The comment sent with `t`'s rating today (as far as this server has heard)."""
        day = self.centre().state.day
        if day != self._comments_day:
            self._comments, self._comments_day = {}, day
        return self._comments.get(t.number)

    def comment_saved(self, t: Ticket, text: str) -> None:
        """Remember the comment just stored with `t`'s rating, to show it back."""
        self.comment_of(t)  # a new day forgets yesterday's first
        self._comments[t.number] = text

    def status(self, t: Ticket) -> PhoneStatus:
        centre = self.centre()
        ahead = wait = wait_s = None
        if t.status == "waiting":
            ahead = centre.ahead_of(t)
            waits = self.waits()
            # A ticket taken since the last round is not in it yet: until the next round
            # (a quarter second) it shows what the kiosk told.
            told = waits.new.get((t.service, t.priority), 0)
            wait_s = waits.tickets.get(t.number, told)
            wait = wait_band(wait_s)
        return PhoneStatus(
            number=t.number,
            service=centre.config.services[t.service].name.get("lv"),
            status=t.status,
            ahead=ahead,
            wait=wait,
            counter=centre.config.counters[t.counter].name if t.counter else None,
            remote=remote_status(centre.config, t, wait_s),
        )

    def status_frame(self, t: Ticket) -> str:
        """The `status` frame a phone following `t` is sent, as its JSON text."""
        return encode(Status(**msgspec.structs.asdict(self.status(t)))).decode()

    def respond(self, request: Request) -> Response:
        path, _, query = request.path.partition("?")
        if path in _STATIC:
            return _response(
                HTTPStatus.OK, page_file(ASSETS, path.removeprefix("/t/")), _STATIC[path]
            )
        lang = pick_lang(query, request.headers.get("Accept-Language"))
        m = _TOKEN.match(path)
        t = self.find(m.group(1)) if m else None
        if m and m.group(2):
            if t is None:
                body = json.dumps({"error": "unknown_ticket"}).encode()
                return _response(HTTPStatus.NOT_FOUND, body, "application/json")
            body = msgspec.json.encode(self.page_status(t))
            return _response(HTTPStatus.OK, body, "application/json")
        saved = re.search(r"(?:^|&)saved=comment(?:&|$)", query) is not None
        page = self.page(t, lang, saved)
        code = HTTPStatus.OK if t is not None else HTTPStatus.NOT_FOUND
        return _response(code, page.encode(), "text/html; charset=utf-8")

    def page_status(self, t: Ticket) -> PageStatus:
        centre = self.centre()
        had = centre.state.ratings.get(t.number)
        return PageStatus(
            **msgspec.structs.asdict(self.status(t)),
            rating=PageRating(score=had.score, reason=had.reason) if had else None,
            rateable=rateable(centre.config, centre.state, t, self.clock()),
        )

    @staticmethod
    def html(status: HTTPStatus, page: str) -> HttpResponse:
        """A page as the answer to a form (server/net/http_body.py)."""
        return HttpResponse(status, page.encode(), "text/html; charset=utf-8", tuple(SECURITY))

    def form_ticket(
        self, request: HttpRequest, target: re.Pattern[str]
    ) -> tuple[str, Ticket | None]:
        """The visitor's language and the ticket whose link `target` finds in a form's path
        (None: no such ticket today)."""
        lang = pick_lang(request.query, request.headers.get("accept-language"))
        m = target.match(request.path)
        return lang, self.find(m.group(1)) if m else None

    @staticmethod
    def back_to(t: Ticket, lang: str, extra: str = "") -> HttpResponse:
        """A form's answer once taken: 303 back to the ticket's page."""
        where = ("Location", f"/t/{t.token}?lang={lang}{extra}")
        return HttpResponse(
            HTTPStatus.SEE_OTHER, b"", "text/html; charset=utf-8", (*SECURITY, where)
        )

    def refusal_page(self, t: Ticket, lang: str, key: str, form: str = "") -> str:
        """Why a form was not taken (or, with `form`, a question and the form answering it),
        and the way back to the ticket's page."""
        texts = texts_of(lang)
        esc = html.escape
        head = self._head(lang, texts)
        back = f'<a href="/t/{t.token}?lang={lang}">{esc(texts["back"])}</a>'
        message = texts[key].format(n=self.centre().config.feedback.comment_chars)
        role = "status" if form else "alert"
        return (
            f'{head}</head><body>{self._top(lang, f"/t/{t.token}")}<main class="ended">'
            f'<p id="error" role="{role}">{esc(message)}</p>{form}<p>{back}</p></main>'
            "</body></html>"
        )

    def _head(self, lang: str, texts: dict[str, str]) -> str:
        return (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{html.escape(texts['title'])}</title>"
            '<link rel="stylesheet" href="/t/page.css">'
        )

    def _top(self, lang: str, path: str = "") -> str:
        name = html.escape(self.centre().config.name.get(lang))
        return f"<header><h1>{name}</h1><nav>{language_links(lang, path)}</nav></header>"

    def page(self, t: Ticket | None, lang: str, saved: bool = False) -> str:
        texts = texts_of(lang)
        esc = html.escape
        centre = self.centre().config
        head = self._head(lang, texts)
        top = self._top(lang)
        if t is None:
            missing = f"<main><p>{esc(texts['not_found'])}</p></main>"
            return f"{head}</head><body>{top}{missing}</body></html>"
        s = self.status(t)
        line = texts.get(f"status.{t.status}", texts["status.done"]).format(counter=s.counter)
        detail = ""
        if t.status == "waiting":
            band = s.wait or wait_band(0)
            wait = band_words(band, lambda kind, **v: texts[f"wait.{kind}"].format(**v))
            detail = f"{texts['ahead'].format(n=s.ahead)} · {wait}"
        kind = {"waiting": "", "called": "called", "serving": "called"}.get(t.status, "ended")
        joined = remote_words(centre, t, s, texts)
        if joined is not None:
            line, detail, kind = joined
        # The script words the status; the rating's words and the remote ticket's code part
        # are only in the HTML (no script-less page may carry "not here yet" once here).
        shown = {k: v for k, v in texts.items() if not k.startswith(HTML_ONLY)}
        client_texts = json.dumps(shown).replace("</", "<\\/")
        service = centre.services[t.service].name.get(lang)
        ended = t.status in SETTLED
        # Nothing changes after the end but the rating, which a reload would interrupt.
        refresh = "" if ended else '<noscript><meta http-equiv="refresh" content="30"></noscript>'
        comment = Comment(self.comment_of(t), saved)
        rating = rating_html(centre, self.centre().state, t, self.clock(), lang, texts, comment)
        asks = ' data-rate="1"' if centre.feedback.phone else ""
        tz = esc(str(centre.tz))
        # A page that asks nothing more once ended (a no-show's) no longer updates either.
        footer = texts["private"] if rating else "" if ended else texts["live"]
        return (
            f"{head}{refresh}</head><body>"
            f'{top}<main class="{kind}" data-poll="{POLL_S}" data-tz="{tz}"{asks}>'
            f'<p class="label">{esc(texts["your_number"])}</p>'
            f'<p id="number">{esc(t.number)}</p><p id="service">{esc(service)}</p>'
            f'<p id="status" aria-live="polite">{esc(line)}</p><p id="detail">{esc(detail)}</p>'
            f"{remote_html(t, lang, texts)}{rating}</main><footer>{esc(footer)}</footer>"
            f'<script type="application/json" id="texts">{client_texts}</script>'
            '<script src="/t/page.js"></script></body></html>'
        )
