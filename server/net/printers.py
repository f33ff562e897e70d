"""Kiosk printer states, as the kiosks last reported them (`printer_status`).

Kept in memory, not in the event log: a printer's state is a fact about hardware right now,
not part of the queue's history, and every kiosk re-reports it when it reconnects (so a
restarted server learns it again within seconds). Staff screens get the list in their welcome
snapshot and a `printer` event on every change.
"""

from __future__ import annotations

from server.protocol.events import PrinterChanged
from server.protocol.views import PrinterHealth, PrinterState


class Printers:
    def __init__(self) -> None:
        self.states: dict[str, PrinterState] = {}

    def report(
        self, kiosk: str, status: PrinterHealth, detail: str, at: str
    ) -> PrinterChanged | None:
        """Store a report; returns the `printer` event to broadcast, or None if unchanged."""
        old = self.states.get(kiosk)
        if old is not None and (old.status, old.detail) == (status, detail):
            return None
        self.states[kiosk] = PrinterState(kiosk=kiosk, status=status, detail=detail, at=at)
        return PrinterChanged(kiosk=kiosk, status=status, detail=detail, at=at)

    def snapshot(self) -> list[PrinterState]:
        return [self.states[k] for k in sorted(self.states)]
