"""The manager's sentences in the manager's language: the catalog, and the names the floor
holds (services from the config) as the manager reads them. Widgets and dialogs get one at
construction, so they never ask the app."""

from __future__ import annotations

from manager.alerts import Alert
from manager.floor import Floor
from server.protocol.messages import PAUSE_REASONS
from server.staff_words import StaffWords


class Words(StaffWords):
    def service(self, floor: Floor, sid: str) -> str:
        row = floor.services.get(sid)
        return row.name.get(self.lang, sid) if row else sid

    def counter(self, floor: Floor, cid: str) -> str:
        row = floor.counters.get(cid)
        return row.name if row else cid

    def alert(self, floor: Floor, a: Alert) -> str:
        """One alert as a sentence; the names in it come from the config or the wire and go
        into a plain-text label."""
        if a.kind == "wait":
            service = floor.services.get(a.subject)
            target = service.target_wait_min if service else 0
            name = self.service(floor, a.subject)
            return self.t("alerts.wait", service=name, minutes=a.minutes, target=target)
        if a.kind == "paused":
            counter = floor.counters.get(a.subject)
            reason = counter.reason if counter and counter.reason else ""
            reason = self.pause_reason(reason) if reason else self.t("counters.no_reason")
            name = self.counter(floor, a.subject)
            return self.t("alerts.paused", counter=name, minutes=a.minutes, reason=reason)
        return self.t(f"alerts.{a.kind}", kiosk=a.subject)

    def pause_reason(self, reason: str) -> str:
        """A pause reason: the counter app's codes (counter/screens/pause.py) in the manager's
        language, another client's text as it came."""
        key = f"reasons.{reason}"
        return self.t(key) if reason in PAUSE_REASONS else reason

    def not_issuing(self, reason: str) -> str:
        """Why a service issues no tickets (a reason this app has no sentence for: as sent)."""
        key = f"services.reason.{reason}"
        return self.t(key) if self.knows(key) else reason
