"""The phone page's "How was your visit?" once the visit was served (docs/feedback.md): the
form's HTML and the reading of what it sends (server/net/rating_form.py answers the POST).

Plain HTML forms, no script needed: five face buttons (each submits its score), then, after
one of the three lower faces, the reasons as buttons (each submits the current score with its
reason), and a short comment if the centre allows one. The rating goes through the owner
like every other change: the core decides whether it may still be given
(server/core/feedback.py) and the page says why not in the visitor's language. A comment is
personal data: it never enters the log, it is stored apart in the rating's transaction
(server/store/apart.py) and purged with bookings' names.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta
from http import HTTPStatus

import msgspec

from server.config import CentreConfig
from server.core.feedback import RATED, REASON_UP_TO, changes_left, rateable
from server.core.model import Rating, State, Ticket
from server.net.forms import form_fields
from server.net.http_body import HttpRequest
from server.protocol.views import PhoneStatus

# Faces of Unicode 6.0, which phones (and fonts) older than the slighter 🙁 and 🙂 show.
FACES = {1: "😞", 2: "😕", 3: "😐", 4: "😊", 5: "😀"}
# Fields a rating form may hold, each at most once; the body itself is bounded by http_body.
FIELDS = ("score", "reason", "comment")
# The page says how many changes are left once this few are (texts "rate.left.<n>").
LEFT_SAID = 2
_SPACES = re.compile(r"\s+")
# Control, surrogate, private-use and unassigned characters; and the ones that reverse the
# direction of the text after them (a comment may be read where they would mislead). Emoji
# joined with U+200D stay: visitors type them.
UNSTORABLE = ("Cc", "Cs", "Co", "Cn")
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class PageRating(msgspec.Struct, kw_only=True, frozen=True):
    score: int
    reason: str | None


class PageStatus(PhoneStatus, kw_only=True, frozen=True):
    """The JSON of the page: a phone's status, the ticket's current rating (null: none) and
    whether the page asks for one (or a change) now."""

    rating: PageRating | None
    rateable: bool


class Comment(msgspec.Struct, frozen=True):
    """The visitor's comment as the page shows it back: the text sent today (None: none, or
    sent before the server restarted) and whether the page answers the form that saved it."""

    text: str | None = None
    saved: bool = False


class FormError(Exception):
    """A form the page cannot take: `key` names its text in the visitor's language."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def read_form(request: HttpRequest, config: CentreConfig) -> tuple[int, str | None, str | None]:
    """(score, reason, comment) of a rating form, or FormError. Only the shape is checked
    here (the core checks the score and the reason again, with the state)."""
    form = form_fields(request, FIELDS)
    if form is None:
        raise FormError("error.bad_form")
    score = form.get("score", "")
    if score not in ("1", "2", "3", "4", "5"):
        raise FormError("error.bad_score")
    reason = form.get("reason") or None
    if reason is not None and reason not in config.feedback.reasons:
        raise FormError("error.unknown_reason")
    return int(score), reason, _comment(form.get("comment", ""), config.feedback.comment_chars)


def _comment(text: str, limit: int) -> str | None:
    """The comment as stored: one line (line breaks become spaces), or None if empty."""
    if not text.strip():
        return None
    if limit == 0:
        raise FormError("error.bad_form")
    line = _SPACES.sub(" ", text).strip()
    if any(unicodedata.category(ch) in UNSTORABLE or ch in BIDI for ch in line):
        raise FormError("error.comment_bad")
    if len(line) > limit:
        raise FormError("error.comment_long")
    return line


def rating_html(
    config: CentreConfig,
    state: State,
    t: Ticket,
    now: datetime,
    lang: str,
    texts: dict[str, str],
    comment: Comment,
) -> str:
    """The rating part of a served visit's page ("" when the page does not ask)."""
    fb = config.feedback
    rating = state.ratings.get(t.number)
    can = rateable(config, state, t, now)
    if not fb.phone or t.status != RATED or (rating is None and not can):
        return ""
    esc = html.escape
    action = f'method="post" action="/t/{t.token}?lang={lang}"'
    if rating is None:
        return (
            f'<section id="rating"><h2>{esc(texts["rate.question"])}</h2>'
            f'<form class="faces" {action}>{_faces(texts, None)}</form></section>'
        )
    said = f"{FACES[rating.score]} {texts[f'rate.score.{rating.score}']}"
    if rating.reason is not None and rating.reason in fb.reasons:
        said += f" · {fb.reasons[rating.reason].get(lang)}"
    parts = [f'<section id="rating"><h2>{esc(texts["rate.thanks"])}</h2>']
    parts.append(f'<p id="answer">{esc(texts["rate.yours"].format(answer=said))}</p>')
    if not can:
        if comment.text is not None:
            words = texts["rate.your_comment"].format(comment=comment.text)
            parts.append(f'<p id="comment">{esc(words)}</p>')
        parts.append(f'<p class="note">{esc(texts["rate.closed"])}</p></section>')
        return "".join(parts)
    parts.append(_answer_form(config, rating, lang, texts, comment, action))
    assert t.ended_at is not None  # rateable
    until = (t.ended_at + timedelta(minutes=fb.change_min)).astimezone(config.tz)
    left = changes_left(fb, rating)
    if left > 0:
        kept = f'<input type="hidden" name="reason" value="{esc(rating.reason or "")}">'
        parts.append(
            f'<form class="faces change" {action}><p>{esc(texts["rate.change"])}</p>'
            f"{kept}{_faces(texts, rating.score)}</form>"
        )
    # Said before the last changes, so that the refusal after them is no surprise.
    notes = [texts["rate.until"].format(time=f"{until:%H:%M}")]
    if left <= LEFT_SAID:
        notes.append(texts[f"rate.left.{left}"])
    parts.append(f'<p class="note" id="left">{esc(" ".join(notes))}</p></section>')
    return "".join(parts)


def _answer_form(
    config: CentreConfig,
    rating: Rating,
    lang: str,
    texts: dict[str, str],
    comment: Comment,
    action: str,
) -> str:
    """The reasons (after a lower face) and the comment as ONE form: a comment typed and then
    a reason tapped are sent together, so the text is not lost. The send button carries the
    current reason, so a comment sent alone keeps it."""
    fb = config.feedback
    esc = html.escape
    inner = [f'<input type="hidden" name="score" value="{rating.score}">']
    if fb.reasons and rating.score <= REASON_UP_TO:
        inner.append(f"<p>{esc(texts['rate.why'])}</p>")
        inner.extend(
            f'<button class="reason" name="reason" value="{esc(rid)}"'
            f"{' aria-pressed=true' if rid == rating.reason else ''}>"
            f"{esc(name.get(lang))}</button>"
            for rid, name in fb.reasons.items()
        )
    if fb.comment_chars:
        label = texts["rate.comment"].format(n=fb.comment_chars)
        inner.append(
            f'<label>{esc(label)}<textarea name="comment" maxlength="{fb.comment_chars}" '
            f'rows="3">{esc(comment.text or "")}</textarea></label>'
        )
        if comment.saved:
            inner.append(f'<p id="saved" role="status">{esc(texts["rate.comment_saved"])}</p>')
        inner.append(
            f'<button class="send" name="reason" value="{esc(rating.reason or "")}">'
            f"{esc(texts['rate.send'])}</button>"
        )
    if len(inner) == 1:
        return ""
    return f'<form class="answer" {action}>{"".join(inner)}</form>'


def _faces(texts: dict[str, str], current: int | None) -> str:
    return "".join(
        f'<button name="score" value="{n}"{" aria-pressed=true" if n == current else ""}>'
        f'<span class="face" aria-hidden="true">{face}</span>'
        f"<span>{html.escape(texts[f'rate.score.{n}'])}</span></button>"
        for n, face in FACES.items()
    )


# The page texts of refusals, with the HTTP status each is answered with.
ERROR_STATUS = {
    "error.bad_form": HTTPStatus.BAD_REQUEST,
    "error.bad_score": HTTPStatus.BAD_REQUEST,
    "error.unknown_reason": HTTPStatus.BAD_REQUEST,
    "error.comment_bad": HTTPStatus.BAD_REQUEST,
    "error.comment_long": HTTPStatus.BAD_REQUEST,
    "error.not_rateable": HTTPStatus.CONFLICT,
    "error.no_visit": HTTPStatus.CONFLICT,
    "error.rating_closed": HTTPStatus.CONFLICT,
    "error.failed": HTTPStatus.SERVICE_UNAVAILABLE,
    "error.too_large": HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
}
