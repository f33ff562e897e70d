"""The manager's `report` request: build_reports run in a worker process of its own, at the
lowest CPU priority, so neither the owner nor the event loop ever waits for it. One report at
a time per server: a second one asked meanwhile is told `slow_down` at once rather than
queued behind a report of unknown length.

A process rather than a thread: a report is mostly Python work, and a thread doing it would
hold the interpreter lock in 5 ms slices against the loop answering kiosks (measured with
tests/bench/report_load.py: the tickets' p99 doubled). The process is started at the first
report and kept for the next ones; it only reads the database (build_reports opens it
read-only).

The groupings of one request (`by` and `more`) are made in one build_reports call, from one
reading of the log, so they agree with each other.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from server.config import CentreConfig
from server.net.replies import Answer
from server.protocol import messages as m
from server.protocol.replies import ReportReply, encode, error_frame
from server.protocol.reports import By, Report
from server.reports.engine import ReportError, build_reports

log = logging.getLogger("rinda.server")

T = TypeVar("T")

BUSY = "Another report is being made right now: ask again in a moment."
FAILED = "The report could not be made; the server's log says why."
# Where SCHED_IDLE is missing: how much lower the worker's CPU priority is (os.nice).
NICER = 19


def _start_worker(server: int) -> None:
    """In the worker, first: the lowest CPU priority; nothing of the server's standard output
    held (whoever reads it sees it end with the server); and an end with the server, even
    a killed one."""
    try:
        # Linux: run only on CPU time nobody else wants, so tickets never queue behind it.
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(NICER)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    os.close(devnull)

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="server-watch").start()


def _build(
    db: Path,
    config: CentreConfig,
    start: date,
    end: date,
    groupings: list[By],
    lang: str,
    weekday: int | None,
    now: datetime,
) -> list[Report]:
    return build_reports(db, config, start, end, groupings, lang=lang, weekday=weekday, now=now)


class ReportDesk:
    def __init__(self, config: CentreConfig, db: Path, clock: Callable[[], datetime]) -> None:
        self.config, self.db, self.clock = config, db, clock
        self._busy = False
        self._pool: ProcessPoolExecutor | None = None
        self._threads_only = False

    def run(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """`fn(*args)` in the worker process (started at its first use): reports, and the
        days the server summarises (server/net/summaries.py). Where no process can be
        started (a host that gives the server no real standard error, as a Textual test
        does), in a thread instead, said once in the log."""
        loop = asyncio.get_running_loop()
        if not self._threads_only:
            try:
                return loop.run_in_executor(self._worker(), fn, *args)
            except (OSError, ValueError, RuntimeError) as e:
                log.warning(
                    "cannot start the report worker process (%s): reports run in a thread", e
                )
                self._threads_only = True
                pool, self._pool = self._pool, None
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
        return loop.run_in_executor(None, fn, *args)

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": a fresh interpreter, not a fork of one running an event loop and threads.
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    async def answer(self, req: m.ReportRequest) -> Answer:
        if self._busy:
            return encode(error_frame("slow_down", BUSY, req.id))
        groupings = [req.by, *req.more]
        args = (self.db, self.config, req.start, req.end, groupings, req.lang, req.weekday)
        job = self.run(_build, *args, self.clock())
        self._busy = True
        # Free only when the worker is done, even if the manager went away meanwhile.
        job.add_done_callback(self._done)
        try:
            report, *more = await asyncio.shield(job)
        except ReportError as e:
            return encode(error_frame("bad_report", str(e), req.id))
        except Exception:
            log.exception("a report from %s to %s failed", req.start, req.end)
            await self.close()  # a worker that died is replaced at the next report
            return encode(error_frame("internal_error", FAILED, req.id))
        return encode(ReportReply(re=req.id, report=report, more=more))

    def _done(self, job: asyncio.Future[list[Report]]) -> None:
        self._busy = False
        if not job.cancelled():
            job.exception()  # marked as seen: the manager may have gone before it ended

    async def close(self) -> None:
        """Stop the worker process, once the report under way (if any) is done."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
