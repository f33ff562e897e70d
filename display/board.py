"""What the display shows, as plain data: the one place the link's typed frames become state.

Pure (no Textual, no I/O) and immutable: a welcome snapshot makes a `Board`, each event makes
the next one (`apply`), so the app keeps the current board in one reactive attribute and the
widgets redraw from whatever changed. The rules, easy to read and test here:

- A call puts its ticket at the top (marked when the visitor has an appointment); a ticket
  is listed once, at its latest call, so a recall (or a call at another counter) moves it
  up rather than listing it twice.
- A new day clears the calls; a `queue` frame is the whole state of the queues.
- `news` holds the calls nobody has heard yet, oldest first: the call an event brought, or,
  after a reconnect, the latest few calls made while the link was down. The app announces
  them and the big call stands out while it is one of them.
- The notice line is the manager's (`set_notice`, a `notice` event, `manager_notice` in the
  welcome) while they have set one, else the config's: `notice_in(lang)` says which.
- `counter` events (open, paused, closed) change nothing on a waiting-room display: it shows
  calls and queues, not who is at which desk, and counter names come from the configuration,
  which only changes with a restart (and a new snapshot).
- A zone display (`zone`: service ids) keeps only its services' calls and queues, so it
  announces only those. A window display (`window`: a counter id) keeps that counter as a
  `Desk` (display/window.py) and has no news: it never announces. The display's own device
  entry in the config, told in the welcome, wins over what the command line asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from display.window import Desk
from server.protocol import events as e
from server.protocol.server_frames import Pushed
from server.protocol.views import Texts
from server.protocol.welcome import AnySnapshot, CentreSnapshot, DisplaySnapshot

# Beside an appointment's number where the word does not fit (the earlier calls).
MARK = "★"
KEPT = 20  # calls kept, as the server keeps: a reconnect never shows a longer list
MISSED_ANNOUNCED = 3  # calls made during an outage that are announced when the link is back


@dataclass(frozen=True)
class Call:
    ticket: str
    counter: str
    counter_name: str
    at: str
    recall: bool = False
    # The visitor has an appointment: the screen marks the call.
    appointment: bool = False

    @property
    def line(self) -> str:
        """The call as one line of plain text: "A012 → 3"."""
        return f"{self.ticket} → {self.counter_name}"


@dataclass(frozen=True)
class ServiceLine:
    id: str
    prefix: str
    name: Texts
    waiting: int
    estimated_wait_s: int
    issuing: bool


@dataclass(frozen=True)
class Board:
    centre: Texts = field(default_factory=dict)
    timezone: str = "Europe/Riga"
    services: tuple[ServiceLine, ...] = ()
    counters: Texts = field(default_factory=dict)  # id -> name
    calls: tuple[Call, ...] = ()  # newest first, each ticket once
    notice: Texts | None = None
    # The manager's notice line, in the words they typed ("" none: the config's shows).
    manager_notice: str = ""
    history: int = 6
    news: tuple[Call, ...] = ()  # not yet announced, oldest first
    zone: frozenset[str] = frozenset()  # a zone display's services (empty: all)
    window: str = ""  # a window display's counter id ("": none)
    desk: Desk | None = None  # that counter (None: not a window display, or no such counter)
    # The zone's services this centre lacks (a counter it lacks, the server refuses).
    unknown: tuple[str, ...] = ()

    @classmethod
    def from_snapshot(
        cls,
        snap: AnySnapshot,
        before: Board | None = None,
        history: int | None = None,
        zone: tuple[str, ...] = (),
        window: str = "",
    ) -> Board:
        """The board a welcome describes. `before` is the board shown until the link went
        down: the calls it lacks are news. `history` overrides the centre's setting; `zone`
        and `window` are the command line's, used unless the welcome sets them."""
        if not isinstance(snap, CentreSnapshot):
            return cls()  # a phone's welcome: nothing a wall screen could show
        shown = snap.display if isinstance(snap, DisplaySnapshot) else None
        if shown is not None and (shown.services or shown.counter):
            zone, window = tuple(shown.services), shown.counter or ""
        services = {s.id for s in snap.services}
        desk = next((Desk.of(c) for c in snap.counters if c.id == window), None)
        unknown = tuple(sid for sid in zone if sid not in services)
        calls = _once_each(
            Call(c.ticket, c.counter, c.counter_name, c.at, appointment=c.appointment)
            for c in snap.calls
            if not zone or c.service in zone
        )
        news: tuple[Call, ...] = ()
        if before is not None and not window:
            # Calls made while the link was down were never heard: the latest few are news
            # (older ones are stale; they are on screen anyway).
            seen = set(before.calls)
            missed = [c for c in calls if c not in seen]
            news = tuple(reversed(missed[:MISSED_ANNOUNCED]))
        return cls(
            centre=dict(snap.centre.name),
            timezone=snap.centre.timezone,
            services=tuple(
                ServiceLine(s.id, s.prefix, dict(s.name), s.waiting, s.estimated_wait_s, s.issuing)
                for s in snap.services
                if not zone or s.id in zone
            ),
            counters={c.id: c.name for c in snap.counters},
            calls=calls,
            notice=dict(shown.notice) if shown and shown.notice else None,
            manager_notice=snap.manager_notice if isinstance(snap, DisplaySnapshot) else "",
            history=history if history is not None else shown.history if shown else 6,
            news=news,
            zone=frozenset(zone),
            window=window,
            desk=desk,
            unknown=unknown,
        )

    def notice_in(self, lang: str) -> str:
        """The notice line to show in `lang`: the manager's while set, else the config's."""
        if self.manager_notice:
            return self.manager_notice
        return (self.notice.get(lang) or self.notice.get("lv", "")) if self.notice else ""

    @property
    def latest(self) -> Call | None:
        return self.calls[0] if self.calls else None

    @property
    def earlier(self) -> tuple[Call, ...]:
        """The calls listed below the newest one."""
        return self.calls[1 : 1 + self.history]

    @property
    def fresh(self) -> Call | None:
        """The newest call, if this change brought it: it stands out on screen for a while."""
        return self.latest if self.latest in self.news else None

    def apply(self, frame: Pushed) -> Board:
        """The board after one event."""
        if self.desk is not None:
            return replace(self._apply(frame), desk=self.desk.apply(frame), news=())
        return self._apply(frame)

    def _apply(self, frame: Pushed) -> Board:
        match frame:
            # A zone display's other services' calls fall through: nothing changes.
            case e.Called() if not self.zone or frame.service in self.zone:
                name = frame.counter_name or self.counters.get(frame.counter, frame.counter)
                call = Call(
                    frame.ticket, frame.counter, name, frame.at, frame.recall, frame.appointment
                )
                return replace(self, calls=_once_each((call, *self.calls)), news=(call,))
            case e.Queue():
                services = tuple(_queued(line, frame) for line in self.services)
                return replace(self, services=services, news=())
            case e.DayStarted():
                return replace(self, calls=(), news=())
            case e.NoticeChanged():
                return replace(self, manager_notice=frame.text, news=())
        return replace(self, news=())


def _once_each(calls: Iterable[Call]) -> tuple[Call, ...]:
    """`calls` (newest first) with each ticket only at its latest call, at most `KEPT`."""
    seen: set[str] = set()
    kept: list[Call] = []
    for call in calls:
        if call.ticket not in seen:
            seen.add(call.ticket)
            kept.append(call)
    return tuple(kept[:KEPT])


def _queued(line: ServiceLine, frame: e.Queue) -> ServiceLine:
    now = frame.services.get(line.id)
    if now is None:
        return line
    return replace(
        line, waiting=now.waiting, estimated_wait_s=now.estimated_wait_s, issuing=now.issuing
    )
