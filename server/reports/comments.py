"""The visitors' comments of a period as lines a manager reads (`rinda comments`,
docs/feedback.md "Comments"): each comment beside its ticket's service, counter and latest
rating from the log, in the report's language.

A comment is text a stranger typed on a phone: the store already refused control characters
and made it one line of at most `comment_chars`, but what is shown is made safe again here
(one line, control and direction characters replaced, bounded), whatever the database holds.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from server.config import CentreConfig
from server.core import events as ev
from server.reports.columns import plain_text
from server.reports.engine import MAX_DAYS
from server.reports.feedback import reason_names
from server.reports.labels import LANGS, Labels
from server.reports.period import ReportError, check_period, nothing_in
from server.reports.visits import visit_facts
from server.store.comments import period_comments
from server.store.errors import StoreError
from server.store.summaries import day_events, open_read_only

# The most a comment may hold (`[feedback] comment_chars` is at most 500): a longer one in the
# database is cut here, with "…".
COMMENT_MAX = 500
# Line and paragraph breaks, tabs and the like: a space each, so a comment stays one line.
_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
# Joins emoji that visitors type (👩‍💻): not printable by Python's rule, harmless to show.
_ZWJ = "\u200d"


@dataclass(frozen=True)
class CommentLine:
    """One comment and what the log says of its ticket ("" or None: the log has nothing)."""

    day: date
    time: str  # HH:MM on the centre's clock of the ticket's latest rating
    ticket: str
    service: str  # the name of the service the visit ended in
    counter: str  # the name of the counter it ended at
    score: int | None  # the latest rating, 1 (very bad) to 5 (very good)
    reason: str  # that rating's reason, by name
    text: str  # the comment, safe to show (`shown`)


@dataclass(frozen=True)
class Comments:
    centre: str
    start: date
    end: date
    generated_at: datetime
    retain_days: int  # `[bookings] retain_days`: how long the server keeps them
    lines: list[CommentLine]


def shown(text: str) -> str:
    """`text` as one plain line of at most COMMENT_MAX characters ("…" when cut): breaks
    become spaces, other control, format and direction characters U+FFFD."""
    return plain_text(_BREAKS.sub(" ", text).strip(), COMMENT_MAX, keep=_ZWJ)


def comment_lines(
    config: CentreConfig,
    lang: str,
    comments: Sequence[tuple[date, str, str]],
    events: Mapping[date, Sequence[ev.AnyEvent]],
) -> list[CommentLine]:
    """The lines of `comments` (day, ticket, text), each matched with its ticket among the
    `events` of its day: the visit it ended with (as the reports count it) and the time of
    its latest rating. By day and time."""
    labels = Labels(config, lang, {})
    reasons = reason_names(config, lang)
    by_day: dict[date, list[tuple[str, str]]] = {}
    for day, ticket, text in comments:
        by_day.setdefault(day, []).append((ticket, text))
    out: list[CommentLine] = []
    for day, kept in by_day.items():
        facts = visit_facts(events.get(day, ()), config.tz)
        last = {f.ref: f for f in facts if f.kind == "visit"}  # a transfer's visit comes later
        rated = {
            e.ticket: e.at.astimezone(config.tz).strftime("%H:%M")
            for e in events.get(day, ())
            if isinstance(e, ev.VisitRated) and e.ticket is not None
        }
        for ticket, text in kept:
            f = last.get(ticket)
            out.append(
                CommentLine(
                    day=day,
                    time=rated.get(ticket, ""),
                    ticket=ticket,
                    service=labels.label("service", f.service) if f else "",
                    counter=labels.label("counter", f.counter) if f and f.counter else "",
                    score=f.score if f else None,
                    reason=reasons.get(f.reason, f.reason) if f and f.reason else "",
                    text=shown(text),
                )
            )
    return sorted(out, key=lambda c: (c.day, c.time, c.ticket))


def build_comments(
    db: Path, config: CentreConfig, start: date, end: date, lang: str, now: datetime
) -> Comments:
    """The comments kept from `start` to `end`, read from the database at `db` through a
    read-only connection (a running server is never held up). ReportError if the period
    cannot be read or holds none."""
    check_period(start, end, MAX_DAYS)
    if lang not in LANGS:
        raise ReportError("There is no such language: use lv, ru or en.")
    try:
        conn = open_read_only(db)
    except StoreError as e:
        raise ReportError(str(e)) from None
    try:
        conn.execute("BEGIN")  # the comments and their days' events: one view of the database
        comments = period_comments(conn, start, end)
        days = sorted({d for d, _, _ in comments})
        events = {d: day_events(conn, d, config, now) for d in days}
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        raise ReportError(f"Cannot read the database {db}: {e}.") from None
    finally:
        conn.close()
    if not comments:
        raise nothing_in("comment was kept", start, end)
    lines = comment_lines(config, lang, comments, events)
    retain = config.spec.bookings.retain_days
    return Comments(config.name.get(lang), start, end, now, retain, lines)
