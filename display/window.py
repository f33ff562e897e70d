"""A window display's counter, as plain data: the one place frames become what the small
screen above a counter shows.

Pure and immutable like `display/board.py`, which keeps one `Desk` while the display is a
window display. The rules:

- The number shown is the ticket called at this counter, from its call (a recall keeps it)
  until the visit ends there (`finished`, `no_show`, `transferred`), the counter closes, or a
  new day starts. A `counter` event carries the counter's whole state, ticket included.
- Paused, the clerk may have said when they are back (`back_at`, UTC, a whole minute): the
  sign shows the local time of it, and "back soon" once it has passed.
- Nothing here is news: a window display never announces.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from server.protocol import events as e
from server.protocol.server_frames import Pushed
from server.protocol.views import CounterInfo, CounterStatus


@dataclass(frozen=True)
class Desk:
    id: str
    name: str
    status: CounterStatus = "closed"
    ticket: str | None = None
    back_at: str | None = None  # UTC, as on the wire

    @classmethod
    def of(cls, info: CounterInfo) -> Desk:
        return cls(info.id, info.name, info.status, info.ticket, info.back_at)

    def apply(self, frame: Pushed) -> Desk:
        """The desk after one event (events of other counters change nothing)."""
        match frame:
            case e.CounterChanged() if frame.counter == self.id:
                ticket = frame.ticket if frame.status != "closed" else None
                return replace(self, status=frame.status, ticket=ticket, back_at=frame.back_at)
            case e.Called() if frame.counter == self.id:
                return replace(self, ticket=frame.ticket)
            case e.Finished() | e.NoShow() | e.Transferred() if frame.ticket == self.ticket:
                return replace(self, ticket=None)
            case e.DayStarted():
                return replace(self, ticket=None)
        return self

    def back(self, timezone: str, now: datetime) -> str | None:
        """When the clerk is back, "14:30" local time; "" once that has passed; None when
        they did not say (or the counter is not paused)."""
        if self.status != "paused" or not self.back_at:
            return None
        try:
            at = datetime.fromisoformat(self.back_at)
        except ValueError:
            return None  # a malformed time from the wire says nothing
        if at.tzinfo is None or at <= now:
            return ""
        return at.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
