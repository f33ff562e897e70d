"""The manager's `report` request: build_reports run in a worker thread, so the owner and the
event loop never wait for it, one report at a time per server (a second one asked meanwhile is
told `slow_down` at once rather than queued behind a report of unknown length). The groupings
of one request (`by` and `more`) are made in one build_reports call, from one reading of
the log, so they agree with each other."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from server.config import CentreConfig
from server.net.replies import Answer
from server.protocol import messages as m
from server.protocol.replies import ReportReply, encode, error_frame
from server.protocol.reports import Report
from server.reports.engine import ReportError, build_reports

log = logging.getLogger("rinda.server")

BUSY = "Another report is being made right now: ask again in a moment."
FAILED = "The report could not be made; the server's log says why."


class ReportDesk:
    def __init__(self, config: CentreConfig, db: Path, clock: Callable[[], datetime]) -> None:
        self.config, self.db, self.clock = config, db, clock
        self._busy = False

    async def answer(self, req: m.ReportRequest) -> Answer:
        if self._busy:
            return encode(error_frame("slow_down", BUSY, req.id))
        self._busy = True
        job = asyncio.create_task(
            asyncio.to_thread(
                build_reports,
                self.db,
                self.config,
                req.start,
                req.end,
                [req.by, *req.more],
                lang=req.lang,
                weekday=req.weekday,
                now=self.clock(),
            )
        )
        # Free only when the thread is done, even if the manager went away meanwhile.
        job.add_done_callback(self._done)
        try:
            report, *more = await asyncio.shield(job)
        except ReportError as e:
            return encode(error_frame("bad_report", str(e), req.id))
        except Exception:
            log.exception("a report from %s to %s failed", req.start, req.end)
            return encode(error_frame("internal_error", FAILED, req.id))
        return encode(ReportReply(re=req.id, report=report, more=more))

    def _done(self, job: asyncio.Task[list[Report]]) -> None:
        self._busy = False
        if not job.cancelled():
            job.exception()  # marked as seen: the manager may have gone before it ended
