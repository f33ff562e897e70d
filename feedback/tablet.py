"""What the tablet knows of the centre, its counter and its link, made from the link's frames.

Pure functions, no Textual, no I/O: the app keeps their results in reactive attributes and
the pages draw from those. Texts from the server (the centre's name, the counter's name, the
reasons' names) are shown as plain text by the pages, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from server.protocol.events import DayStarted, Finished
from server.protocol.server_frames import Pushed
from server.protocol.views import Texts
from server.protocol.welcome import AnySnapshot, FeedbackSnapshot

LinkState = Literal["starting", "online", "offline", "refused"]
""""starting" until the first answer; "refused" is final (a wrong token: an operator must act)."""

# How long after a visit finished at its counter the tablet says it rates that visit: the
# server's `[feedback] tablet_window_min`, which its welcome carries (this is its default).
DEFAULT_WINDOW_S = 600.0


@dataclass(frozen=True)
class Reason:
    id: str
    name: Texts


@dataclass(frozen=True)
class Tablet:
    """The centre as the last welcome describes it, from this tablet's point of view."""

    centre: Texts
    counter: str | None  # the counter's id, None for a tablet of no counter
    counter_name: str  # its display name ("" without a counter)
    reasons: tuple[Reason, ...]  # in the configured order
    window_s: float = DEFAULT_WINDOW_S


@dataclass(frozen=True)
class Visit:
    """The last visit finished at the tablet's counter, and when the tablet heard of it (its
    own monotonic clock: the server's clock and the tablet's need not agree)."""

    ticket: str
    heard: float


def finished(tablet: Tablet | None, last: Visit | None, frame: Pushed, now: float) -> Visit | None:
    """The last finished visit after a pushed frame: a `finished` at this tablet's counter
    replaces it; a new day ends it (only today's visits can be rated); anything else leaves it."""
    if isinstance(frame, DayStarted):
        return None
    if tablet is None or tablet.counter is None or not isinstance(frame, Finished):
        return last
    if frame.counter != tablet.counter:
        return last
    return Visit(ticket=frame.ticket, heard=now)


def rates_visit(tablet: Tablet | None, last: Visit | None, now: float) -> bool:
    """Whether the faces page says the rating is of the visit just finished at the counter."""
    return (
        tablet is not None
        and tablet.counter is not None
        and last is not None
        and now - last.heard < tablet.window_s
    )


def in_lang(texts: Texts, lang: str, fallback: str = "") -> str:
    """A configured text in `lang`, else in Latvian (every config has it), else `fallback`."""
    return texts.get(lang) or texts.get("lv") or fallback


def link_state(previous: LinkState, reported: str) -> LinkState:
    """The link's state after the client reports "connecting", "online" or "offline".
    Reconnecting attempts say nothing new: the tablet stays offline until it is back."""
    if previous == "refused":
        return previous
    if reported in ("online", "offline"):
        return "online" if reported == "online" else "offline"
    return previous


def welcomed(snapshot: AnySnapshot) -> Tablet | None:
    """The tablet of a welcome; None for a snapshot that is not a tablet's (never sent to a
    tablet by a correct server)."""
    if not isinstance(snapshot, FeedbackSnapshot):
        return None
    counter = snapshot.counter
    settings = snapshot.feedback
    return Tablet(
        centre=snapshot.centre.name,
        counter=counter.id if counter else None,
        counter_name=counter.name if counter else "",
        reasons=tuple(Reason(r.id, r.name) for r in settings.reasons),
        window_s=settings.tablet_window_min * 60.0,
    )
