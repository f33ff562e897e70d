"""Every service: people waiting (and how many of them joined from home and are not here
yet), the longest wait now against the service's target (in the
error colour once over it), the expected wait (the band visitors see), and whether it is
issuing tickets."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from manager.floor import Floor
from manager.widgets.floor_table import FloorTable, Row


class ServicesTable(FloorTable):
    COLUMNS = ("service", "waiting", "longest", "target", "expected", "issuing")
    COLUMNS_KEY = "services.col"
    TITLE_KEY = "services.title"

    def lines(self, floor: Floor, now: datetime) -> list[Row]:
        w = self.words
        out: list[Row] = []
        # Counted once per drawing (every second), not once per service.
        aways = floor.away()
        for sid, s in floor.services.items():
            longest = s.longest_wait_s(now)
            over = s.over_target(now)
            target = w.t("time.minutes", n=s.target_wait_min) if s.target_wait_min else "—"
            away = aways[sid]
            waiting = w.t("services.waiting_away", n=s.waiting, away=away) if away else ""
            issuing = w.t("services.issuing") if s.issuing else w.not_issuing(s.reason)
            if not s.issuing and s.reason_text:  # the manager's words (plain text)
                issuing = f"{issuing}: {s.reason_text}"
            out.append(
                (
                    sid,
                    (
                        Text(w.service(floor, sid)),
                        Text(waiting or str(s.waiting)),
                        # Over the target: in red, and marked for whoever cannot tell red.
                        Text(
                            "—"
                            if longest is None
                            else w.duration(longest) + (" !" if over else ""),
                            style="bold red" if over else "",
                        ),
                        Text(target),
                        Text(w.expected(s.estimated_wait_s)),
                        Text(issuing, style="" if s.issuing else "yellow"),
                    ),
                )
            )
        return out
